import type { PiiVault } from '../../../shared/crypto/pii-vault.js';
import { fingerprinter } from '../../../shared/crypto/fingerprint.js';
import { mapLimit } from '../../../shared/concurrency.js';
import { contactText } from '../../../shared/identity/contact.js';
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
/**
 * Batches applied at once: their riders are distinct (one row per rider), so while one waits on
 * DynamoDB the next reads and computes.
 */
export const BATCHES_IN_FLIGHT = 3;

/** The riders stored for a batch's rider ids (those the partner has), by rider id. */
export type StoredRiders = (riderIds: string[]) => Promise<ReadonlyMap<string, Rider>>;

/**
 * One batch of rows against the riders stored: rows settled by the fingerprint (unchanged) or by
 * an earlier attempt of this roster need no blind index and no write; the rest get their blind
 * indexes, in parallel, and are compared in full. The batch's changes are announced once, then
 * written.
 */
async function applyBatch(rows: RosterRow[], fingerprints: string[], existing: ReadonlyMap<string, Rider>, roster: Roster, now: Date, ports: ApplyRowsPorts): Promise<ChangeKind[]> {
  const context = { partnerId: roster.partnerId, platform: roster.platform, rosterId: roster.id, province: ports.province, now };
  const outcomes = await mapLimit(rows, MACS_IN_FLIGHT, async (row, i): Promise<RowOutcome> => {
    const rider = existing.get(row.riderId);
    const settled = settledWithoutIndexes(rider, fingerprints[i]!, roster.id);
    if (settled) return { kind: settled, rider };
    const [personIndex, contactIndex] = await Promise.all([ports.vault.mac('id-number', row.idNumber), ports.vault.mac('contact', contactText(row.name, row.mobile))]);
    return applyRow(rider, reportedOf(row, { personIndex, contactIndex, rowFingerprint: fingerprints[i]! }), context);
  });
  const standing = outcomes.flatMap((outcome) => (outcome.rider ? [outcome.rider] : []));
  const writes = outcomes.flatMap((outcome) => (outcome.write ? [outcome.write] : []));
  await ports.rosters.saveRiders(writes, announcementOf(standing, context));
  return outcomes.map((outcome) => outcome.kind);
}

/**
 * Applies rows, one per rider, in batches of `RIDERS_PER_WRITE` (`BATCHES_IN_FLIGHT` at once)
 * against the riders `stored` gives for each batch, and says what each row did. The batches are
 * cut from the rows in their order, so rows given in the same order again (a step run again)
 * make the same batches and the same announcements.
 */
export async function applyRows(rows: RosterRow[], roster: Roster, stored: StoredRiders, ports: ApplyRowsPorts): Promise<ChangeKind[]> {
  const now = ports.clock.now();
  const fingerprint = await fingerprinter(ports.vault, 'roster-row');
  const kinds = await mapLimit(inWriteBatches(rows), BATCHES_IN_FLIGHT, async (batch) =>
    applyBatch(batch, batch.map((row) => fingerprint(fingerprintText(row))), await stored(batch.map((row) => row.riderId)), roster, now, ports),
  );
  return kinds.flat();
}
