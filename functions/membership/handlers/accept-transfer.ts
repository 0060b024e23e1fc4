import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { membershipPorts } from '../dependencies.js';
import { acceptTransfer } from '../use-cases/transfer.js';
import { TransferAcceptedSchema, statusView } from '../views.js';

export const options = {
  summary: 'Accept a member\'s transfer into the caller\'s org',
  responses: { 200: TransferAcceptedSchema },
  params: z.strictObject({ transferId: z.string().min(1) }),
};

const ports = membershipPorts();

export const acceptTransferHandler = async ({ params, caller }: HttpRequest<typeof options>) => {
  const { membership, transfer } = await acceptTransfer(params.transferId, caller, ports);
  return ok({ ...statusView(membership), transferId: transfer.id, transferStatus: transfer.status });
};

export const handler = http(acceptTransferHandler, options);
