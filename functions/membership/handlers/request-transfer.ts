import { z } from 'zod';
import { InvalidInputError } from '../../../shared/errors.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { accepted } from '../../../shared/http/responses.js';
import { newId } from '../../../shared/ids.js';
import { joinLinkMac, membershipRepository } from '../dependencies.js';
import { verifyJoinLink } from '../domain/join-link.js';
import { TransferRequestedSchema, requestTransfer } from '../domain/membership.js';

export const options = {
  summary: 'Ask to move to the org of another join link (会员关系转接)',
  responses: { 202: TransferRequestedSchema },
  body: z.strictObject({ joinToken: z.string().min(1).max(2048) }), idempotent: true,
};

const memberships = membershipRepository();
const mac = joinLinkMac();

/** 会员关系转接: a member asks to move to the org of another join link. */
export const requestTransferHandler = async ({ body, caller }: HttpRequest<typeof options>) => {
  const membership = await memberships.getByWorker(caller.principalId);
  const claims = await verifyJoinLink(body.joinToken, mac, new Date());
  const to = await memberships.getOrg(claims.orgId);
  if (!to) throw InvalidInputError.field('body.joinToken', 'names an org that does not exist');
  const { membership: waiting, transfer } = requestTransfer(membership, to, newId('trf'), new Date());
  await memberships.requestTransfer(membership, waiting, transfer);
  return accepted({ transferId: transfer.id, status: transfer.status });
};

export const handler = http(requestTransferHandler, options);
