import type { Envelope } from '../../../events/envelope.js';
import type { OrgCreatedV1Data } from '../../../events/org-created.v1.js';
import type { AnnouncedRider } from '../../../events/rider-status-changed.v2.js';
import { ConcurrentChangeError } from '../../../shared/dynamo.js';
import { withRetries } from '../../../shared/retry.js';
import { announceCoverage, rowFromAnnouncement } from '../domain/coverage.js';
import { exposureOf } from '../domain/membership.js';
import { ROWS_PER_WRITE, rosteredRowId } from '../repository.js';
import type { MembershipPorts } from './ports.js';

/**
 * Keeps this service's copies of partners' roster rows current and announces whether each rider
 * is a member (and whether the member shares that with platforms), for the riders of one
 * announcement, `ROWS_PER_WRITE` at a time:
 *
 * 1. Load the stored rows; an older announcement than a stored row changes nothing of it.
 * 2. Find the persons' live memberships through their guards.
 * 3. Write the rows (each on the condition that it is still at the version read) with one
 *    announcement, checking in the same transaction that each membership did not change (or
 *    that the person still has none): a racing approval makes the slice retry, a bounded number
 *    of times, instead of leaving a stale answer.
 */
export async function projectRiders(riders: readonly AnnouncedRider[], event: Envelope, ports: Pick<MembershipPorts, 'memberships' | 'clock' | 'province'>): Promise<void> {
  for (let start = 0; start < riders.length; start += ROWS_PER_WRITE) {
    const slice = riders.slice(start, start + ROWS_PER_WRITE);
    await withRetries(() => projectSlice(slice, event, ports), { times: 5, isRetryable: (error) => error instanceof ConcurrentChangeError });
  }
}

async function projectSlice(riders: readonly AnnouncedRider[], event: Envelope, ports: Pick<MembershipPorts, 'memberships' | 'clock' | 'province'>): Promise<void> {
  const stored = await ports.memberships.rosteredRowsOf(riders);
  const now = ports.clock.now();
  const rows = riders.flatMap((data) => {
    const before = stored.get(rosteredRowId(data));
    const row = rowFromAnnouncement(before, data, event.occurredAt, now);
    return row ? [{ row, expectedVersion: before?.coverageVersion }] : [];
  });
  if (rows.length === 0) return;
  const live = await ports.memberships.liveMemberships(rows.map(({ row }) => row.personIndex));
  const writes = rows.map(({ row, expectedVersion }) => {
    const membership = live.get(row.personIndex);
    const exposure = exposureOf(membership);
    return { row: { ...row, isMember: exposure.isMember }, exposure, expectedVersion, membership: membership && { id: membership.id, version: membership.version } };
  });
  await ports.memberships.putRosteredRows(writes, announceCoverage(writes, event.province, now));
}

/** Adds a new org to this service's copy of the tree (staff scope on lists, the e-card's org name), once per event. */
export async function projectOrg(data: OrgCreatedV1Data, event: Envelope, ports: Pick<MembershipPorts, 'memberships'>): Promise<void> {
  await ports.memberships.addOrg(data, event);
}
