import { z } from 'zod';
import { provinceCode } from '../../../shared/config.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { membershipRepository } from '../dependencies.js';
import { TransferAcceptedSchema, acceptTransfer, MembershipNotFoundError, statusView } from '../domain/membership.js';

export const options = {
  summary: 'Accept a member\'s transfer into the caller\'s org',
  responses: { 200: TransferAcceptedSchema },
  params: z.strictObject({ transferId: z.string().min(1) }),
};

const memberships = membershipRepository();

export const acceptTransferHandler = async ({ params, caller }: HttpRequest<typeof options>) => {
  const transfer = await memberships.getTransfer(params.transferId);
  const membership = transfer && (await memberships.get(transfer.membershipId));
  if (!membership) throw new MembershipNotFoundError('transfer');
  const moved = acceptTransfer(caller, membership, transfer, provinceCode(), new Date());
  await memberships.acceptTransfer(membership, moved.membership, moved.transfer, moved.event);
  return ok({ ...statusView(moved.membership), transferId: moved.transfer.id, transferStatus: moved.transfer.status });
};

export const handler = http(acceptTransferHandler, options);
