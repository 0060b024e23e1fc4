import { businessMetrics } from '../../../shared/metrics.js';
import type { Caller } from '../../../shared/auth/caller.js';
import { ConcurrentChangeError, TransactionConflictError } from '../../../shared/dynamo.js';
import { withRetries } from '../../../shared/retry.js';
import { approve as decideApproval, formatMemberNo, reject as decideRejection, reviewable, type Membership } from '../domain/membership.js';
import { MemberNoRaceError } from '../repository.js';
import { coverageFor, type MembershipPorts } from './ports.js';

/**
 * Staff approve a pending membership with the next member number of the year.
 *
 * 1. Load the membership; staff outside its org's subtree do not see it (404).
 * 2. Decide (`approve`): only a pending membership, numbered after the year's last number.
 * 3. Commit the membership, the worker's pointer, the counter (on the condition that it still
 *    holds what was read: two approvals never share a number, a failed one never burns one),
 *    the person's roster rows re-announced as a member, and the events. A lost race for the
 *    number reads again, a bounded number of times.
 * 4. Count the activation.
 */
export async function approveMembership(membershipId: string, caller: Caller, ports: MembershipPorts): Promise<Membership> {
  const approved = await withRetries(
    async () => {
      const record = await ports.memberships.get(membershipId);
      const before = reviewable(caller, record?.membership);
      const now = ports.clock.now();
      const year = now.getUTCFullYear();
      const seq = (await ports.memberships.memberNoSeq(year)) + 1;
      const { membership, event } = decideApproval(before, formatMemberNo(ports.province, year, seq), ports.province, now);
      const coverage = await coverageFor(ports, record!, membership, now);
      await ports.memberships.commit({
        before: record!,
        after: membership,
        keepPerson: true,
        events: [event, ...coverage.events],
        pointer: 'update',
        guard: 'keep',
        memberNo: { year, seq },
        coverage: coverage.writes,
        forgetEvents: false,
      });
      return membership;
    },
    { times: 50, isRetryable: (error) => error instanceof MemberNoRaceError || error instanceof ConcurrentChangeError || error instanceof TransactionConflictError },
  );
  ports.metrics.count(businessMetrics.memberActivated);
  return approved;
}

/**
 * Staff reject a pending membership with a reason.
 *
 * 1. Load the membership within the caller's subtree (else 404).
 * 2. Decide (`reject`): only a pending membership.
 * 3. Commit it with the worker's pointer, releasing the person's guard (only if this
 *    membership holds it), so the person may join again.
 */
export async function rejectMembership(membershipId: string, reason: string, caller: Caller, ports: MembershipPorts): Promise<Membership> {
  const record = await ports.memberships.get(membershipId);
  const before = reviewable(caller, record?.membership);
  const now = ports.clock.now();
  const { membership, event } = decideRejection(before, reason, ports.province, now);
  await ports.memberships.commit({
    before: record!,
    after: membership,
    keepPerson: true,
    events: [event],
    pointer: 'update',
    guard: 'release',
    coverage: [],
    forgetEvents: false,
  });
  return membership;
}
