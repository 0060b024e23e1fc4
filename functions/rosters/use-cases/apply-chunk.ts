import { businessMetrics, type BusinessMetrics } from '../../../shared/metrics.js';
import type { PiiVault } from '../../../shared/crypto/pii-vault.js';
import { fingerprinter } from '../../../shared/crypto/fingerprint.js';
import { mapLimit } from '../../../shared/concurrency.js';
import { contactText } from '../../../shared/identity/contact.js';
import type { Clock } from '../../../shared/ports.js';
import { rowsOfParts, usableParts, type AppliedCounts, type Chunk, type RosterRow } from '../domain/chunk.js';
import { RIDERS_PER_WRITE, announcementOf, applyRow, fingerprintText, idsByShard, latestPerRider, reportedOf, settledWithoutIndexes, type ChangeKind, type RowOutcome } from '../domain/rider.js';
import { tally, type Roster } from '../domain/roster.js';
import { ChunkAppliedBeforeError, RosterNotProcessingError, type RosterRepository } from '../repository.js';
import type { RosterTasks } from '../tasks.js';
import { advanceRoster, failRoster, type StepOutcome } from './advance-roster.js';
import { sealedPartContext } from './put-chunk.js';

export interface ApplyChunkPorts {
  rosters: Pick<RosterRepository, 'get' | 'getChunk' | 'sealedParts' | 'riders' | 'saveRiders' | 'recordSeen' | 'recordChunkApplied' | 'fail' | 'finish'>;
  vault: Pick<PiiVault, 'decrypt' | 'mac'>;
  tasks: RosterTasks;
  clock: Clock;
  province: string;
  /** Rows processed, by outcome, counted once per chunk for the province's dashboard. */
  metrics: BusinessMetrics;
}

/** Blind indexes computed at once per batch: KMS requests in flight, deployed. */
const MACS_IN_FLIGHT = 16;
/**
 * Batches of a chunk applied at once: their riders are distinct (the last row of a rider wins
 * within a chunk), so while one waits on DynamoDB the next reads and computes.
 */
export const BATCHES_IN_FLIGHT = 3;
type Context = Parameters<typeof applyRow>[2] & Parameters<typeof announcementOf>[1];

/** The rows of a chunk, or why they cannot be applied. */
async function rowsOf(roster: Roster, chunk: Chunk, ports: ApplyChunkPorts): Promise<{ rows: RosterRow[] } | { problem: string }> {
  const usable = usableParts(chunk, await ports.rosters.sealedParts(roster.id, chunk.seq), ports.clock.now());
  if ('problem' in usable) return usable;
  const plaintexts = await Promise.all(usable.parts.map((part) => ports.vault.decrypt(part.sealed, sealedPartContext(roster.id, chunk.seq, part.part))));
  return { rows: rowsOfParts(chunk, plaintexts) };
}

/**
 * One batch of rows against the riders stored: rows settled by the fingerprint (unchanged) or by
 * an earlier attempt of this roster need no blind index and no write; the rest get their blind
 * indexes, in parallel, and are compared in full. The batch's changes are announced once, then
 * written.
 */
async function applyBatch(rows: RosterRow[], fingerprints: string[], roster: Roster, context: Context, ports: ApplyChunkPorts): Promise<ChangeKind[]> {
  const existing = await ports.rosters.riders(roster.partnerId, rows.map((row) => row.riderId));
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

/** Applies a chunk's rows (the last row of a rider winning) and, for a snapshot, records the ids it listed. */
async function applyRows(rows: RosterRow[], roster: Roster, seq: number, ports: ApplyChunkPorts): Promise<AppliedCounts> {
  const now = ports.clock.now();
  const context: Context = { partnerId: roster.partnerId, platform: roster.platform, rosterId: roster.id, province: ports.province, now };
  const latest = latestPerRider(rows);
  const fingerprint = await fingerprinter(ports.vault, 'roster-row');
  const batches: RosterRow[][] = [];
  for (let start = 0; start < latest.length; start += RIDERS_PER_WRITE) batches.push(latest.slice(start, start + RIDERS_PER_WRITE));
  const kinds = (await mapLimit(batches, BATCHES_IN_FLIGHT, (batch) => applyBatch(batch, batch.map((row) => fingerprint(fingerprintText(row))), roster, context, ports))).flat();
  if (roster.mode === 'snapshot') await ports.rosters.recordSeen(roster.id, seq, idsByShard(latest.map((row) => row.riderId)), now);
  return tally(kinds);
}

/**
 * Applies one chunk of a completed roster (a `chunk` task).
 *
 * 1. Load the roster; unless it is processing, do nothing.
 * 2. A chunk recorded as applied before (the task came again) goes straight to step 5.
 * 3. Read its sealed rows; a chunk missing, or whose rows expired, fails the roster (applying
 *    part of a snapshot would depart riders who were on it).
 * 4. Apply the rows in batches: each rider is created, updated or unchanged; unchanged riders
 *    are not written; the changes of a batch are announced as one RiderStatusChanged (kept
 *    once, under an id the batch names), then written.
 *    For a snapshot, record the rider ids the chunk listed, by shard. Then record what the
 *    chunk did, add it to the roster's counts and delete the sealed rows, together, once;
 *    count its rows by outcome, only when this run recorded it.
 * 5. Advance the roster: the last chunk of a snapshot sends its departure tasks; the last of a
 *    delta completes it.
 *
 * Killed at any point and run again, it counts the same and announces nothing twice: riders
 * remember the roster that last wrote them and what it did, a batch's announcement is the same
 * again (so the outbox keeps the first), and the chunk's record is written once. Nothing is
 * written before it is announced, so no change goes unheard even if the roster then fails.
 */
export async function applyChunk(input: { rosterId: string; seq: number }, ports: ApplyChunkPorts): Promise<StepOutcome> {
  const roster = await ports.rosters.get(input.rosterId);
  if (!roster || roster.status !== 'processing') return { outcome: 'skipped' };
  const chunk = await ports.rosters.getChunk(roster.id, input.seq);
  if (!chunk) return failRoster(roster, `Chunk ${input.seq} is missing`, ports);
  if (!chunk.applied) {
    const read = await rowsOf(roster, chunk, ports);
    if ('problem' in read) return failRoster(roster, read.problem, ports);
    const applied = await applyRows(read.rows, roster, chunk.seq, ports);
    try {
      await ports.rosters.recordChunkApplied(roster.id, chunk, applied);
      for (const [outcome, rows] of Object.entries(applied)) if (rows > 0) ports.metrics.count(businessMetrics.rosterRowsProcessed, rows, { outcome });
    } catch (error) {
      if (error instanceof RosterNotProcessingError) return { outcome: 'skipped' };
      if (!(error instanceof ChunkAppliedBeforeError)) throw error;
    }
  }
  return advanceRoster(roster.id, 'chunk', ports);
}
