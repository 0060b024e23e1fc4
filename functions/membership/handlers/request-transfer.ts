import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { accepted } from '../../../shared/http/responses.js';
import { membershipPorts } from '../dependencies.js';
import { requestTransfer } from '../use-cases/transfer.js';
import { TransferRequestedSchema } from '../views.js';

export const options = {
  summary: 'Ask to move to the org of another join link (会员关系转接)',
  responses: { 202: TransferRequestedSchema },
  body: z.strictObject({ joinToken: z.string().min(1).max(2048) }),
  idempotent: true,
};

const ports = membershipPorts();

export const requestTransferHandler = async ({ body, caller }: HttpRequest<typeof options>) => {
  const transfer = await requestTransfer(body, caller, ports);
  return accepted({ transferId: transfer.id, status: transfer.status });
};

export const handler = http(requestTransferHandler, options);
