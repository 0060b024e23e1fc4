import type { Caller } from '../../../shared/auth/caller.js';
import { verifyJoinLink } from '../../../shared/crypto/join-link.js';
import { acceptTransfer as decideAcceptance, MembershipNotFoundError, requestTransfer as decideRequest, type Membership, type Transfer } from '../domain/membership.js';
import type { MembershipPorts } from './ports.js';

/**
 * 会员关系转接: a member asks to move to the org of another join link.
 *
 * 1. Load the worker's latest membership (404 when none) and verify the link (signed, unexpired).
 * 2. Decide (`requestTransfer`): only an active membership without a transfer waiting.
 * 3. Commit the membership and the new transfer, on the condition that the link is not
 *    revoked. No event until the target org accepts.
 */
export async function requestTransfer(input: { joinToken: string }, caller: Pick<Caller, 'principalId'>, ports: MembershipPorts): Promise<Transfer> {
  const record = await ports.memberships.getByWorker(caller.principalId);
  if (!record) throw new MembershipNotFoundError();
  const now = ports.clock.now();
  const claims = await verifyJoinLink(input.joinToken, ports.joinLinks, now);
  const to = { id: claims.orgId, name: claims.orgName, ancestors: claims.ancestors };
  const { membership, transfer } = decideRequest(record.membership, to, ports.ids.next('trf'), now);
  await ports.memberships.commit({
    before: record,
    after: membership,
    keepPerson: true,
    events: [],
    pointer: 'skip',
    guard: 'keep',
    transfer: { transfer, expect: 'new' },
    linkId: claims.linkId,
    coverage: [],
    forgetEvents: false,
  });
  return transfer;
}

/**
 * Staff of the target org (or above) accept a transfer.
 *
 * 1. Load the transfer and its membership; staff outside the target's subtree do not see it.
 * 2. Decide (`acceptTransfer`): the transfer must still be waiting; history keeps the old org.
 * 3. Commit the membership, the pointer, the transfer (on the condition that it is still
 *    pending) and the event.
 */
export async function acceptTransfer(transferId: string, caller: Caller, ports: MembershipPorts): Promise<{ membership: Membership; transfer: Transfer }> {
  const transfer = await ports.memberships.getTransfer(transferId);
  const record = transfer && (await ports.memberships.get(transfer.membershipId));
  if (!record) throw new MembershipNotFoundError('transfer');
  const moved = decideAcceptance(caller, record.membership, transfer, ports.province, ports.clock.now());
  await ports.memberships.commit({
    before: record,
    after: moved.membership,
    keepPerson: true,
    events: [moved.event],
    pointer: 'update',
    guard: 'keep',
    transfer: { transfer: moved.transfer, expect: 'pending' },
    coverage: [],
    forgetEvents: false,
  });
  return { membership: moved.membership, transfer: moved.transfer };
}
