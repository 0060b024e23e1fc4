import type { Caller } from '../../../shared/auth/caller.js';
import { changeSharing, MembershipNotFoundError, type Consent } from '../domain/membership.js';
import { coverageFor, type MembershipPorts } from './ports.js';

/**
 * A member gives or withdraws consent to let partner platforms see the membership.
 *
 * 1. Load the worker's latest membership (404 when none); only a live one has consent to change (409).
 * 2. Decide (`changeSharing`); an unchanged answer writes nothing.
 * 3. Commit it with the person's roster rows re-announced, so partners stop (or start) seeing
 *    `isMember` as soon as the announcements arrive.
 */
export async function changeConsent(input: { shareWithPlatforms: boolean }, caller: Pick<Caller, 'principalId'>, ports: MembershipPorts): Promise<Consent> {
  const record = await ports.memberships.getByWorker(caller.principalId);
  if (!record) throw new MembershipNotFoundError();
  const now = ports.clock.now();
  const membership = changeSharing(record.membership, input.shareWithPlatforms, now);
  if (membership !== record.membership) {
    const coverage = await coverageFor(ports, record, membership, now);
    await ports.memberships.commit({
      before: record,
      after: membership,
      keepPerson: true,
      events: coverage.events,
      pointer: 'skip',
      guard: 'keep',
      coverage: coverage.writes,
      forgetEvents: false,
    });
  }
  return membership.consent!;
}
