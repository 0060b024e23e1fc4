import { businessMetrics, type BusinessMetrics } from '../../../shared/metrics.js';
import type { PiiVault } from '../../../shared/crypto/pii-vault.js';
import { inGroupsOf } from '../../../shared/concurrency.js';
import { OUTBOX_EVENTS_PER_ITEM } from '../../../shared/outbox.js';
import { rowsOfPart, usableShardParts, type RosterRow, type ShardPart } from '../domain/chunk.js';
import { announcementOf, departureOf, inWriteBatches, latestPerRider, type Rider } from '../domain/rider.js';
import { tally, type Roster } from '../domain/roster.js';
import { RosterNotProcessingError, ShardAppliedBeforeError, type RosterRepository } from '../repository.js';
import type { RosterTasks } from '../tasks.js';
import { advanceRoster, failRoster, type StepOutcome } from './advance-roster.js';
import { shardPartContext } from './apply-chunk.js';
import { applyRows, type ApplyRowsPorts } from './apply-rows.js';

export interface ApplyShardPorts extends ApplyRowsPorts {
  rosters: Pick<RosterRepository, 'get' | 'shardApplied' | 'shardListed' | 'shardRiders' | 'saveRiders' | 'recordShardApplied' | 'claimShardTasks' | 'fail' | 'finish'>;
  vault: Pick<PiiVault, 'decrypt' | 'mac'>;
  tasks: RosterTasks;
  /** Rows processed, by outcome, counted once per shard for the province's dashboard. */
  metrics: BusinessMetrics;
}

const byRiderId = (a: { riderId: string }, b: { riderId: string }) => (a.riderId < b.riderId ? -1 : a.riderId > b.riderId ? 1 : 0);

/**
 * The rows the snapshot's chunks listed in a shard, one per rider (a later chunk's row winning),
 * in order of rider id, or why they cannot be applied.
 */
async function shardRowsOf(roster: Roster, shard: number, parts: ShardPart[], ports: ApplyShardPorts): Promise<{ rows: RosterRow[] } | { problem: string }> {
  const usable = usableShardParts(parts, ports.clock.now());
  if ('problem' in usable) return usable;
  const plaintexts = await Promise.all(usable.parts.map((part) => ports.vault.decrypt(part.sealed, shardPartContext(roster.id, part.seq, shard, part.part))));
  return { rows: latestPerRider(plaintexts.flatMap(rowsOfPart)).sort(byRiderId) };
}

/**
 * Departs the stored riders the snapshot left out, in batches of `RIDERS_PER_WRITE` in order of
 * rider id (a step run again builds the same batches), each announced as one
 * RiderStatusChanged; a group of `OUTBOX_EVENTS_PER_ITEM` batches is announced in one outbox
 * item, then written. Says how many count as departed by the roster.
 */
async function departUnlisted(stored: ReadonlyMap<string, Rider>, listed: ReadonlySet<string>, roster: Roster, ports: ApplyShardPorts): Promise<number> {
  const context = { platform: roster.platform, rosterId: roster.id, province: ports.province, now: ports.clock.now() };
  const departed = [...stored.values()].sort(byRiderId).map((rider) => departureOf(rider, listed, context)).filter((outcome) => outcome.counts);
  for (const group of inGroupsOf(inWriteBatches(departed), OUTBOX_EVENTS_PER_ITEM)) {
    await ports.rosters.saveRiders(
      group.flat().flatMap((outcome) => (outcome.write ? [outcome.write] : [])),
      group.flatMap((batch) => announcementOf(batch.map((outcome) => outcome.rider), context) ?? []),
    );
  }
  return departed.length;
}

/**
 * Applies one shard of a snapshot (a `shard` task) once every chunk sorted its rows into shards.
 *
 * 1. Load the roster; unless it is processing, do nothing.
 * 2. A shard recorded as applied before (the task came again) goes straight to step 6.
 * 3. Read the rows the chunks listed in this shard; a part missing or expired fails the roster.
 * 4. Read every stored rider of the shard in one pass, and apply the rows against them in
 *    batches, as a delta's chunk does (created, updated or unchanged; unchanged riders not
 *    written; each batch's changes announced once, a group of batches in one outbox item, then
 *    written).
 * 5. Depart the active riders the snapshot left out; one this roster departed before counts
 *    again. Record the shard's counts and add them to the roster's, together, once; count its
 *    rows by outcome, only when this run recorded it.
 * 6. Advance the roster: the last shard completes it.
 *
 * Killed at any point and run again, it counts the same and announces nothing twice, for the
 * reasons `applyChunk` gives; its batches are cut in order of rider id, so they come out the same.
 */
export async function applyShard(input: { rosterId: string; shard: number }, ports: ApplyShardPorts): Promise<StepOutcome> {
  const roster = await ports.rosters.get(input.rosterId);
  if (!roster || roster.status !== 'processing') return { outcome: 'skipped' };
  if (!(await ports.rosters.shardApplied(roster.id, input.shard))) {
    const listed = await ports.rosters.shardListed(roster.id, input.shard);
    const read = await shardRowsOf(roster, input.shard, listed.parts, ports);
    if ('problem' in read) return failRoster(roster, read.problem, ports);
    const stored = await ports.rosters.shardRiders(roster.partnerId, input.shard);
    const applied = tally(await applyRows(read.rows, roster, async () => stored, ports));
    const departed = await departUnlisted(stored, new Set([...listed.appliedIds, ...read.rows.map((row) => row.riderId)]), roster, ports);
    try {
      await ports.rosters.recordShardApplied(roster.id, input.shard, { ...applied, departed });
      for (const [outcome, count] of Object.entries(applied)) if (count > 0) ports.metrics.count(businessMetrics.rosterRowsProcessed, count, { outcome });
    } catch (error) {
      if (error instanceof RosterNotProcessingError) return { outcome: 'skipped' };
      if (!(error instanceof ShardAppliedBeforeError)) throw error;
    }
  }
  return advanceRoster(roster.id, { step: 'shard' }, ports);
}
