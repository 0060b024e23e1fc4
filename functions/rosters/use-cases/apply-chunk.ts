import { businessMetrics, type BusinessMetrics } from '../../../shared/metrics.js';
import type { PiiVault } from '../../../shared/crypto/pii-vault.js';
import { rowsOfParts, shardTextsOf, usableParts, type AppliedCounts, type Chunk, type RosterRow, type ShardPart } from '../domain/chunk.js';
import { latestPerRider } from '../domain/rider.js';
import { tally, type Roster } from '../domain/roster.js';
import { ChunkAppliedBeforeError, RosterNotProcessingError, type RosterRepository } from '../repository.js';
import type { RosterTasks } from '../tasks.js';
import { advanceRoster, failRoster, type StepOutcome } from './advance-roster.js';
import { applyRows, type ApplyRowsPorts } from './apply-rows.js';
import { sealedPartContext } from './put-chunk.js';

export interface ApplyChunkPorts extends ApplyRowsPorts {
  rosters: Pick<RosterRepository, 'get' | 'getChunk' | 'sealedParts' | 'riders' | 'saveRiders' | 'stageShardParts' | 'recordChunkApplied' | 'claimShardTasks' | 'fail' | 'finish'>;
  vault: Pick<PiiVault, 'decrypt' | 'encrypt' | 'mac'>;
  tasks: RosterTasks;
  /** Rows processed, by outcome, counted once per chunk for the province's dashboard. */
  metrics: BusinessMetrics;
}

/** The encryption context of a shard's part of a chunk: its ciphertext opens only in its own place. */
export const shardPartContext = (rosterId: string, seq: number, shard: number, part: number) => ({ rosterId, seq: String(seq), shard: String(shard), part: String(part) });

/** The rows of a chunk and when they expire, or why they cannot be applied. */
async function rowsOf(roster: Roster, chunk: Chunk, ports: ApplyChunkPorts): Promise<{ rows: RosterRow[]; expiresAt: number } | { problem: string }> {
  const usable = usableParts(chunk, await ports.rosters.sealedParts(roster.id, chunk.seq), ports.clock.now());
  if ('problem' in usable) return usable;
  const plaintexts = await Promise.all(usable.parts.map((part) => ports.vault.decrypt(part.sealed, sealedPartContext(roster.id, chunk.seq, part.part))));
  return { rows: rowsOfParts(chunk, plaintexts), expiresAt: Math.min(...usable.parts.map((part) => part.expiresAt)) };
}

/** Sorts a snapshot chunk's rows into the shards of their riders, sealed again, to expire with the chunk's. */
async function sortIntoShards(rows: RosterRow[], roster: Roster, seq: number, expiresAt: number, ports: ApplyChunkPorts): Promise<void> {
  const parts = await Promise.all(
    shardTextsOf(rows).flatMap(({ shard, texts }) =>
      texts.map(async (text, i): Promise<ShardPart> => ({ seq, shard, part: i + 1, of: texts.length, sealed: await ports.vault.encrypt(text, shardPartContext(roster.id, seq, shard, i + 1)), expiresAt })),
    ),
  );
  await ports.rosters.stageShardParts(roster.id, parts);
}

const NOTHING_APPLIED: AppliedCounts = { created: 0, updated: 0, unchanged: 0 };

/**
 * Applies one chunk of a completed roster (a `chunk` task).
 *
 * 1. Load the roster; unless it is processing, do nothing.
 * 2. A chunk recorded as applied before (the task came again) goes straight to step 5.
 * 3. Read its sealed rows; a chunk missing, or whose rows expired, fails the roster (applying
 *    part of a snapshot would depart riders who were on it). The last row of a rider wins.
 * 4. A delta's rows are applied in batches: each rider is read, then created, updated or
 *    unchanged; unchanged riders are not written; the changes of a batch are announced as one
 *    RiderStatusChanged (kept once, under an id the batch names), the announcements of a group
 *    of batches in one outbox item (under a name of their ids), then the group is written.
 *    A snapshot's rows are sorted into the shards of their riders instead, sealed again: its
 *    shard steps apply them, each reading its shard's riders in one pass (`applyShard`).
 *    Then record what the chunk did, add it to the roster's counts, together, once; count its
 *    rows by outcome, only when this run recorded it.
 * 5. Advance the roster: a snapshot's shard tasks are sent once every chunk is applied, by
 *    the one chunk that claims them (chunks finishing together all find every chunk applied);
 *    the last chunk of a delta completes it.
 *
 * Killed at any point and run again, it counts the same and announces nothing twice: riders
 * remember the roster that last wrote them and what it did, a batch's announcement and a
 * group's outbox item are the same again (so the outbox keeps the first), a shard's part is
 * put again with the same rows, and the chunk's record is written once. Nothing is written
 * before it is announced, so no change goes unheard even if the roster then fails.
 */
export async function applyChunk(input: { rosterId: string; seq: number }, ports: ApplyChunkPorts): Promise<StepOutcome> {
  const roster = await ports.rosters.get(input.rosterId);
  if (!roster || roster.status !== 'processing') return { outcome: 'skipped' };
  const chunk = await ports.rosters.getChunk(roster.id, input.seq);
  if (!chunk) return failRoster(roster, `Chunk ${input.seq} is missing`, ports);
  if (!chunk.applied) {
    const read = await rowsOf(roster, chunk, ports);
    if ('problem' in read) return failRoster(roster, read.problem, ports);
    const rows = latestPerRider(read.rows);
    let applied = NOTHING_APPLIED;
    if (roster.mode === 'snapshot') await sortIntoShards(rows, roster, chunk.seq, read.expiresAt, ports);
    else applied = tally(await applyRows(rows, roster, (riderIds) => ports.rosters.riders(roster.partnerId, riderIds), ports));
    try {
      await ports.rosters.recordChunkApplied(roster.id, chunk, applied);
      for (const [outcome, count] of Object.entries(applied)) if (count > 0) ports.metrics.count(businessMetrics.rosterRowsProcessed, count, { outcome });
    } catch (error) {
      if (error instanceof RosterNotProcessingError) return { outcome: 'skipped' };
      if (!(error instanceof ChunkAppliedBeforeError)) throw error;
    }
  }
  return advanceRoster(roster.id, { step: 'chunk', seq: input.seq }, ports);
}
