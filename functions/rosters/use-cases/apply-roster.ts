import type { PiiVault } from '../../../shared/crypto/pii-vault.js';
import type { Clock } from '../../../shared/ports.js';
import { rowsOfParts, usableParts, type AppliedCounts, type Chunk, type RosterRow } from '../domain/chunk.js';
import { contactText } from '../../../shared/identity/contact.js';
import { applyRow, departAbsent, latestPerRider, reportedOf, type RiderChange } from '../domain/rider.js';
import { addApplied, type Roster, type RowCounts } from '../domain/roster.js';
import type { RosterRepository } from '../repository.js';
import { sealedPartContext } from './put-chunk.js';

export interface ApplyRosterPorts {
  rosters: Pick<RosterRepository, 'get' | 'getChunk' | 'sealedParts' | 'riders' | 'saveRiders' | 'markChunkApplied' | 'partnerRiders' | 'fail' | 'finish'>;
  vault: Pick<PiiVault, 'decrypt' | 'mac'>;
  clock: Clock;
  province: string;
}

export type ApplyOutcome =
  | { outcome: 'skipped' }
  | { outcome: 'failed'; reason: string }
  | { outcome: 'completed'; counts: Pick<RowCounts, 'created' | 'updated' | 'unchanged' | 'departed'> };

/** Riders read and written together: one batch read, one or two transactions. */
const RIDERS_PER_BATCH = 50;

const noneApplied = (): AppliedCounts => ({ created: 0, updated: 0, unchanged: 0 });

type Context = Parameters<typeof applyRow>[2];

/** Applies one chunk's rows to the partner's riders and says what it did. */
async function applyRows(rows: RosterRow[], roster: Roster, context: Context, ports: ApplyRosterPorts): Promise<AppliedCounts> {
  const applied = noneApplied();
  const latest = latestPerRider(rows);
  for (let i = 0; i < latest.length; i += RIDERS_PER_BATCH) {
    const batch = latest.slice(i, i + RIDERS_PER_BATCH);
    const existing = await ports.rosters.riders(roster.partnerId, batch.map((row) => row.riderId));
    const changes: RiderChange[] = [];
    for (const row of batch) {
      const reported = reportedOf(row, await ports.vault.mac('id-number', row.idNumber), await ports.vault.mac('contact', contactText(row.name, row.mobile)));
      const change = applyRow(existing.get(row.riderId), reported, context);
      // Only a snapshot's departures (after every chunk) make 'departed'; a row never does.
      if (change.kind !== 'departed') applied[change.kind] += 1;
      changes.push(change);
    }
    await ports.rosters.saveRiders(changes);
  }
  return applied;
}

/** The rows of a chunk not yet applied, or why they cannot be. */
async function rowsOf(roster: Roster, chunk: Chunk, ports: ApplyRosterPorts): Promise<{ rows: RosterRow[] } | { problem: string }> {
  const usable = usableParts(chunk, await ports.rosters.sealedParts(roster.id, chunk.seq), ports.clock.now());
  if ('problem' in usable) return usable;
  const plaintexts = await Promise.all(usable.parts.map((part) => ports.vault.decrypt(part.sealed, sealedPartContext(roster.id, chunk.seq, part.part))));
  return { rows: rowsOfParts(chunk, plaintexts) };
}

/**
 * Applies a completed roster (on its RosterCompleted event).
 *
 * 1. Load the roster; unless it is processing (completed before, i.e. a redelivery, or failed by
 *    the watchdog), do nothing.
 * 2. For each chunk from 1 to `chunks`: a chunk applied before (a redelivery) counts what it
 *    recorded; otherwise read its sealed rows (a chunk missing, or whose rows expired, fails the
 *    roster: applying part of a snapshot would depart riders who were on it), and apply them,
 *    the last row of a rider winning: each rider is created, updated or unchanged, identified
 *    by the blind index of its ID number, and changes are announced as RiderStatusChanged in the
 *    same transaction. Then record what the chunk did and delete its sealed rows, together.
 * 3. In a snapshot, the partner's active riders the roster left out depart (and are announced);
 *    those departed by an earlier attempt of this roster are counted again.
 * 4. Complete the roster with its counts, on condition it is still processing.
 *
 * Redelivered at any point, it counts the same and announces nothing twice: riders remember
 * which roster last touched them and how, chunks what they did.
 */
export async function applyRoster(input: { rosterId: string }, ports: ApplyRosterPorts): Promise<ApplyOutcome> {
  const roster = await ports.rosters.get(input.rosterId);
  if (!roster || roster.status !== 'processing' || roster.chunks === null) return { outcome: 'skipped' };
  const context: Context = { partnerId: roster.partnerId, platform: roster.platform, rosterId: roster.id, province: ports.province, now: ports.clock.now() };
  let applied = noneApplied();
  for (let seq = 1; seq <= roster.chunks; seq++) {
    const chunk = await ports.rosters.getChunk(roster.id, seq);
    if (!chunk) return fail(roster, `Chunk ${seq} is missing`, ports);
    let done = chunk.applied;
    if (!done) {
      const read = await rowsOf(roster, chunk, ports);
      if ('problem' in read) return fail(roster, read.problem, ports);
      done = await applyRows(read.rows, roster, context, ports);
      await ports.rosters.markChunkApplied(roster.id, chunk, done);
    }
    applied = addApplied(applied, done);
  }
  let departed = 0;
  if (roster.mode === 'snapshot') {
    const departures: RiderChange[] = [];
    for await (const rider of ports.rosters.partnerRiders(roster.partnerId)) {
      if (rider.lastRosterId === roster.id && rider.lastChange === 'departed') departed += 1;
      const departure = departAbsent(rider, context);
      if (departure) departures.push(departure);
    }
    await ports.rosters.saveRiders(departures);
    departed += departures.length;
  }
  const counts = { ...applied, departed };
  if (!(await ports.rosters.finish(roster.id, counts, ports.clock.now().toISOString()))) return { outcome: 'skipped' };
  return { outcome: 'completed', counts };
}

async function fail(roster: Roster, reason: string, ports: ApplyRosterPorts): Promise<ApplyOutcome> {
  await ports.rosters.fail(roster.id, reason);
  return { outcome: 'failed', reason };
}
