import type { Envelope } from '../../../events/envelope.js';
import type { PiiVault } from '../../../shared/crypto/pii-vault.js';
import { fingerprinter } from '../../../shared/crypto/fingerprint.js';
import { inGroupsOf, mapLimit } from '../../../shared/concurrency.js';
import { contactText } from '../../../shared/identity/contact.js';
import { OUTBOX_EVENTS_PER_ITEM } from '../../../shared/outbox.js';
import type { Clock } from '../../../shared/ports.js';
import type { RosterRow } from '../domain/chunk.js';
import { announcementOf, applyRow, fingerprintText, inWriteBatches, reportedOf, settledWithoutIndexes, type ChangeKind, type Rider, type RowOutcome } from '../domain/rider.js';
import type { Roster } from '../domain/roster.js';
import type { RosterRepository } from '../repository.js';

export interface ApplyRowsPorts {
  rosters: Pick<RosterRepository, 'saveRiders'>;
  vault: Pick<PiiVault, 'mac'>;
  clock: Clock;
  province: string;
}

/** Blind indexes computed at once per batch: KMS requests in flight, deployed. */
const MACS_IN_FLIGHT = 16;
/** Batches compared at once: while one waits on DynamoDB (a delta's reads) the next computes. */
const BATCHES_IN_FLIGHT = 3;

/** The riders stored for a batch's rider ids (those the partner has), by rider id. */
export type StoredRiders = (riderIds: string[]) => Promise<ReadonlyMap<string, Rider>>;

/** What one batch of rows comes to: what each row did, the riders to write, and its announcement. */
interface BatchApplied {
  kinds: ChangeKind[];
  writes: Rider[];
  announcement: Envelope | undefined;
}

/**
 * One batch of rows against the riders stored: rows settled by the fingerprint (unchanged) or by
 * an earlier attempt of this roster need no blind index and no write; the rest get their blind
 * indexes, in parallel, and are compared in full. The batch's changes make one announcement.
 */
async function applyBatch(rows: RosterRow[], fingerprints: string[], existing: ReadonlyMap<string, Rider>, roster: Roster, now: Date, ports: ApplyRowsPorts): Promise<BatchApplied> {
  const context = { partnerId: roster.partnerId, platform: roster.platform, rosterId: roster.id, province: ports.province, now };
  const outcomes = await mapLimit(rows, MACS_IN_FLIGHT, async (row, i): Promise<RowOutcome> => {
    const rider = existing.get(row.riderId);
    const settled = settledWithoutIndexes(rider, fingerprints[i]!, roster.id);
    if (settled) return { kind: settled, rider };
    const [personIndex, contactIndex] = await Promise.all([ports.vault.mac('id-number', row.idNumber), ports.vault.mac('contact', contactText(row.name, row.mobile))]);
    return applyRow(rider, reportedOf(row, { personIndex, contactIndex, rowFingerprint: fingerprints[i]! }), context);
  });
  return {
    kinds: outcomes.map((outcome) => outcome.kind),
    writes: outcomes.flatMap((outcome) => (outcome.write ? [outcome.write] : [])),
    announcement: announcementOf(
      outcomes.flatMap((outcome) => (outcome.rider ? [outcome.rider] : [])),
      context,
    ),
  };
}

/**
 * Applies rows, one per rider, in batches of `RIDERS_PER_WRITE` against the riders `stored`
 * gives for each batch, and says what each row did. The batches go in groups of
 * `OUTBOX_EVENTS_PER_ITEM`: a group's batches are compared (`BATCHES_IN_FLIGHT` at once), then
 * its announcements (one a batch) are put in one outbox item and its riders written. The
 * batches are cut from the rows in their order, so rows given in the same order again (a step
 * run again) make the same batches, the same announcements and the same outbox items.
 */
export async function applyRows(rows: RosterRow[], roster: Roster, stored: StoredRiders, ports: ApplyRowsPorts): Promise<ChangeKind[]> {
  const now = ports.clock.now();
  const fingerprint = await fingerprinter(ports.vault, 'roster-row');
  const kinds: ChangeKind[] = [];
  for (const group of inGroupsOf(inWriteBatches(rows), OUTBOX_EVENTS_PER_ITEM)) {
    const applied = await mapLimit(group, BATCHES_IN_FLIGHT, async (batch) =>
      applyBatch(batch, batch.map((row) => fingerprint(fingerprintText(row))), await stored(batch.map((row) => row.riderId)), roster, now, ports),
    );
    await ports.rosters.saveRiders(
      applied.flatMap((batch) => batch.writes),
      applied.flatMap((batch) => (batch.announcement ? [batch.announcement] : [])),
    );
    kinds.push(...applied.flatMap((batch) => batch.kinds));
  }
  return kinds;
}
