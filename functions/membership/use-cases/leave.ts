import type { Caller } from '../../../shared/auth/caller.js';
import { leave as decideLeave, MembershipNotFoundError, type Membership } from '../domain/membership.js';
import { coverageFor, type MembershipPorts } from './ports.js';

/**
 * A member leaves the union.
 *
 * 1. Load the worker's latest membership (404 when none).
 * 2. Decide (`leave`): only a live membership.
 * 3. Commit it with the worker's pointer, release the person's guard (only if this
 *    membership holds it) so the person may join again, and re-announce the person's roster
 *    rows when they stop being a member.
 */
export async function leaveMembership(caller: Pick<Caller, 'principalId'>, ports: MembershipPorts): Promise<Membership> {
  const record = await ports.memberships.getByWorker(caller.principalId);
  if (!record) throw new MembershipNotFoundError();
  const now = ports.clock.now();
  const { membership, event } = decideLeave(record.membership, ports.province, now);
  const coverage = await coverageFor(ports, record, membership, now);
  await ports.memberships.commit({
    before: record,
    after: membership,
    keepPerson: true,
    events: [event, ...coverage.events],
    pointer: 'update',
    guard: 'release',
    coverage: coverage.writes,
    forgetEvents: false,
  });
  return membership;
}
