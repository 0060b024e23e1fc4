import fc from 'fast-check';
import { contactText } from '../../../shared/identity/contact.js';
import { describe, expect, it, vi } from 'vitest';
import type { RiderStatusChangedV2Data } from '../../../events/rider-status-changed.v2.js';
import { MAX_REJECTIONS_PER_CHUNK, SEALED_ROWS_TTL_DAYS, rowsOfParts } from '../../../functions/rosters/domain/chunk.js';
import { RIDERS_PER_WRITE, RIDER_SHARDS, shardOf, type Rider } from '../../../functions/rosters/domain/rider.js';
import { finishedEvent } from '../../../functions/rosters/domain/roster.js';
import { getRider, getRoster, listRejections, listRosters } from '../../../functions/rosters/use-cases/read-rosters.js';
import { abandonRoster } from '../../../functions/rosters/use-cases/abandon-roster.js';
import { defaultRosterLimits, type RosterLimits } from '../../../functions/rosters/domain/limits.js';
import type { RosterTask } from '../../../functions/rosters/tasks.js';
import { planRoster } from '../../../functions/rosters/use-cases/plan-roster.js';
import { runRosterStep } from '../../../functions/rosters/use-cases/run-roster-step.js';
import { completeRoster } from '../../../functions/rosters/use-cases/complete-roster.js';
import { createRoster } from '../../../functions/rosters/use-cases/create-roster.js';
import { failStalledRosters } from '../../../functions/rosters/use-cases/fail-stalled-rosters.js';
import { putChunk, sealedPartContext } from '../../../functions/rosters/use-cases/put-chunk.js';
import { recordMemberships } from '../../../functions/rosters/use-cases/record-membership.js';
import { OUTBOX_EVENTS_PER_ITEM } from '../../../shared/outbox.js';
import { rosterRow, validIdNumber, validMobile } from '../../helpers/identity.js';
import { InjectedCrash, countingIds, fixedClock, memoryRosters, testVault } from '../../helpers/memory-rosters.js';

const partner = { accountId: 'acc_a', name: '闽送即配' };
const other = { accountId: 'acc_b', name: '鹭岛快跑' };

const row = rosterRow;

function setup(vault = testVault(), limits: Partial<RosterLimits> = {}) {
  const memory = memoryRosters();
  const clock = fixedClock();
  const queue: RosterTask[] = [];
  const counted: { metric: string; value?: number; dimensions?: Record<string, string> }[] = [];
  const metrics = { count: (metric: string, value?: number, dimensions?: Record<string, string>) => void counted.push({ metric, value, dimensions }) };
  const ports = { rosters: memory.repository, meteredRosters: () => memory.repository, clock, ids: countingIds(), vault, province: '35', metrics, tasks: { send: async (tasks: RosterTask[]) => void queue.push(...tasks) }, limits: { ...defaultRosterLimits(), openRostersPerPartner: 50, ...limits } };
  /** Opens, fills and completes a roster; returns its id. */
  const upload = async (mode: 'snapshot' | 'delta', chunks: unknown[][], who = partner) => {
    const roster = await createRoster({ mode, asOf: '2026-11-25T00:00:00Z' }, who, ports);
    for (const [i, rows] of chunks.entries()) await putChunk({ rosterId: roster.id, seq: i + 1, rows }, who, ports);
    await completeRoster({ rosterId: roster.id, chunks: chunks.length }, who, ports);
    return roster.id;
  };
  const announced = () => memory.outbox.filter((event) => event.type === 'RiderStatusChanged').flatMap((event) => (event.data as RiderStatusChangedV2Data).riders);
  /**
   * Applies a completed roster as the queue would: plans it, then runs tasks until none is left,
   * `next` choosing which pending task runs (the queue's order is not the send order). Answers
   * the roster and what the last step came to.
   */
  const apply = async (rosterId: string, next: (pending: number) => number = () => 0) => {
    await planRoster({ rosterId }, ports);
    let last;
    while (queue.length > 0) last = await runRosterStep(queue.splice(next(queue.length), 1)[0]!, ports);
    return { roster: memory.rosters.get(rosterId)!, last };
  };
  const counts = async (rosterId: string) => {
    const { rows } = (await apply(rosterId)).roster;
    return { created: rows.created, updated: rows.updated, unchanged: rows.unchanged, departed: rows.departed };
  };
  return { memory, clock, vault, ports, queue, upload, announced, apply, counts, counted };
}

describe('createRoster()', () => {
  it('stores a receiving roster of the partner under a new id', async () => {
    const { memory, ports } = setup();
    const roster = await createRoster({ mode: 'delta', asOf: '2026-11-23T08:00:00+08:00' }, partner, ports);
    expect(roster).toMatchObject({ id: 'rst_1', partnerId: 'acc_a', platform: '闽送即配', status: 'receiving', asOf: '2026-11-23T00:00:00.000Z', createdAt: '2026-11-25T08:00:00.000Z' });
    expect(memory.rosters.get('rst_1')).toEqual(roster);
  });
});

describe('putChunk()', () => {
  it('stores the receipt, seals the accepted rows to expire in two days and counts the rows on the roster', async () => {
    const { memory, ports, vault } = setup();
    const roster = await createRoster({ mode: 'delta', asOf: '2026-11-25T00:00:00Z' }, partner, ports);
    const receipt = await putChunk({ rosterId: roster.id, seq: 1, rows: [row(1), row(2, { mobile: '1' })] }, partner, ports);
    expect(receipt).toEqual({ seq: 1, accepted: 1, rejected: [{ index: 1, path: 'mobile', message: expect.any(String) }] });
    expect(memory.rosters.get(roster.id)!.rows).toMatchObject({ received: 2, accepted: 1, rejected: 1 });
    const parts = memory.sealed.get(`${roster.id}#1`)!;
    expect(parts).toEqual([{ part: 1, sealed: expect.stringMatching(/^v1\.local\./), expiresAt: Date.parse('2026-11-25T08:00:00Z') / 1000 + SEALED_ROWS_TTL_DAYS * 86_400 }]);
    expect(rowsOfParts(memory.chunks.get(`${roster.id}#1`)!, [await vault.decrypt(parts[0]!.sealed, sealedPartContext(roster.id, 1, 1))])).toEqual([row(1)]);
    expect(JSON.stringify(memory.chunks.get(`${roster.id}#1`))).not.toContain(validIdNumber(1));
  });

  it('seals no part for a chunk without accepted rows', async () => {
    const { memory, ports } = setup();
    const roster = await createRoster({ mode: 'delta', asOf: '2026-11-25T00:00:00Z' }, partner, ports);
    expect(await putChunk({ rosterId: roster.id, seq: 1, rows: [{}] }, partner, ports)).toMatchObject({ accepted: 0 });
    expect(memory.sealed.has(`${roster.id}#1`)).toBe(false);
    expect(memory.chunks.get(`${roster.id}#1`)).toMatchObject({ parts: 0, received: 1 });
  });

  it('answers the same rows again with the same receipt, changing nothing, and other rows with 409', async () => {
    const { memory, ports } = setup();
    const roster = await createRoster({ mode: 'delta', asOf: '2026-11-25T00:00:00Z' }, partner, ports);
    const first = await putChunk({ rosterId: roster.id, seq: 1, rows: [row(1)] }, partner, ports);
    const writes = memory.writes;
    expect(await putChunk({ rosterId: roster.id, seq: 1, rows: [row(1)] }, partner, ports)).toEqual(first);
    expect(memory.writes).toBe(writes);
    await expect(putChunk({ rosterId: roster.id, seq: 1, rows: [row(2)] }, partner, ports)).rejects.toMatchObject({ status: 409, message: 'Chunk 1 was already sent with other rows' });
    expect(memory.rosters.get(roster.id)!.rows.received).toBe(1);
  });

  it('answers a concurrent upload of the same seq that won the race as a repeat', async () => {
    const { ports } = setup();
    const roster = await createRoster({ mode: 'delta', asOf: '2026-11-25T00:00:00Z' }, partner, ports);
    const [a, b] = await Promise.all([
      putChunk({ rosterId: roster.id, seq: 1, rows: [row(1)] }, partner, ports),
      putChunk({ rosterId: roster.id, seq: 1, rows: [row(1)] }, partner, ports),
    ]);
    expect(a).toEqual(b);
  });

  it('hides another partner\'s roster and refuses a roster no longer receiving', async () => {
    const { ports, upload } = setup();
    const rosterId = await upload('delta', [[row(1)]]);
    await expect(putChunk({ rosterId, seq: 2, rows: [row(2)] }, other, ports)).rejects.toMatchObject({ status: 404 });
    await expect(putChunk({ rosterId, seq: 2, rows: [row(2)] }, partner, ports)).rejects.toMatchObject({ status: 409, message: `Roster ${rosterId} is processing and takes no more chunks` });
  });

  it('bounds the receipt of 1,000 rows with 50 unknown fields each and says how many it left out', async () => {
    const { ports } = setup();
    const roster = await createRoster({ mode: 'delta', asOf: '2026-11-25T00:00:00Z' }, partner, ports);
    const fields = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`unknown${i}`, 'x'.repeat(100)]));
    const receipt = await putChunk({ rosterId: roster.id, seq: 1, rows: Array.from({ length: 1000 }, (_, i) => row(i, fields)) }, partner, ports);
    expect(receipt.accepted).toBe(0);
    expect(receipt.rejected).toHaveLength(MAX_REJECTIONS_PER_CHUNK);
    expect(receipt.omittedRejections).toBe(50_000 - MAX_REJECTIONS_PER_CHUNK);
    expect(Buffer.byteLength(JSON.stringify(receipt))).toBeLessThan(100_000);
  });
});

describe('completeRoster()', () => {
  it('moves a roster with all its chunks to processing and stores its RosterCompleted event', async () => {
    const { memory, ports } = setup();
    const roster = await createRoster({ mode: 'snapshot', asOf: '2026-11-25T00:00:00Z' }, partner, ports);
    await putChunk({ rosterId: roster.id, seq: 1, rows: [row(1)] }, partner, ports);
    const done = await completeRoster({ rosterId: roster.id, chunks: 1 }, partner, ports);
    expect(done).toMatchObject({ status: 'processing', chunks: 1 });
    expect(memory.outbox).toEqual([expect.objectContaining({ type: 'RosterCompleted', occurredAt: '2026-11-25T08:00:00.000Z', province: '35', data: { rosterId: roster.id, partnerId: 'acc_a', mode: 'snapshot', chunks: 1 } })]);
  });

  it('answers a completion again, as the first time and announcing nothing, and other chunks with 409', async () => {
    const { memory, ports } = setup();
    const roster = await createRoster({ mode: 'delta', asOf: '2026-11-25T00:00:00Z' }, partner, ports);
    await putChunk({ rosterId: roster.id, seq: 1, rows: [row(1)] }, partner, ports);
    await completeRoster({ rosterId: roster.id, chunks: 1 }, partner, ports);
    expect(await completeRoster({ rosterId: roster.id, chunks: 1 }, partner, ports)).toMatchObject({ id: roster.id, status: 'processing', chunks: 1 });
    expect(memory.outbox.filter((event) => event.type === 'RosterCompleted')).toHaveLength(1);
    await expect(completeRoster({ rosterId: roster.id, chunks: 2 }, partner, ports)).rejects.toMatchObject({ status: 409 });
  });

  it('answers a completion that lost the race to its own retry as the winner did', async () => {
    const { memory, ports } = setup();
    const roster = await createRoster({ mode: 'delta', asOf: '2026-11-25T00:00:00Z' }, partner, ports);
    await putChunk({ rosterId: roster.id, seq: 1, rows: [row(1)] }, partner, ports);
    await completeRoster({ rosterId: roster.id, chunks: 1 }, partner, ports);
    // The retry read the roster before the first attempt's transaction landed.
    let reads = 0;
    const staleFirst = { ...memory.repository, get: async (id: string) => (reads++ === 0 ? { ...(await memory.repository.get(id))!, status: 'receiving' as const, chunks: null } : memory.repository.get(id)) };
    expect(await completeRoster({ rosterId: roster.id, chunks: 1 }, partner, { ...ports, rosters: staleFirst })).toMatchObject({ status: 'processing', chunks: 1 });
    expect(memory.outbox.filter((event) => event.type === 'RosterCompleted')).toHaveLength(1);
  });

  it('names the missing chunks and changes nothing', async () => {
    const { memory, ports } = setup();
    const roster = await createRoster({ mode: 'delta', asOf: '2026-11-25T00:00:00Z' }, partner, ports);
    await putChunk({ rosterId: roster.id, seq: 2, rows: [row(1)] }, partner, ports);
    await expect(completeRoster({ rosterId: roster.id, chunks: 3 }, partner, ports)).rejects.toMatchObject({ status: 409, message: 'Chunks missing: 1, 3' });
    await expect(completeRoster({ rosterId: roster.id, chunks: 3 }, other, ports)).rejects.toMatchObject({ status: 404 });
    expect(memory.rosters.get(roster.id)!.status).toBe('receiving');
    expect(memory.outbox).toEqual([]);
  });
});

describe('applying a roster in steps', () => {
  it('creates riders from the rows, announces them and completes with counts, leaving the sealed rows to expire', async () => {
    const { memory, ports, upload, apply, announced } = setup();
    const rosterId = await upload('delta', [[row(1), row(2)], [row(3, { station: undefined })]]);
    const { roster, last } = await apply(rosterId);
    expect(last).toMatchObject({ outcome: 'completed' });
    expect(roster).toMatchObject({ status: 'completed', completedAt: '2026-11-25T08:00:00.000Z', rows: { received: 3, accepted: 3, rejected: 0, created: 3, updated: 0, unchanged: 0, departed: 0 }, progress: { chunksApplied: 2, shardsDeparted: 0 } });
    expect(memory.outbox.filter((event) => event.type === 'RosterFinished').map((event) => event.data)).toEqual([{ rosterId, partnerId: 'acc_a', mode: 'delta', status: 'completed' }]);
    expect(memory.sealed.size).toBe(2);
    expect(memory.chunks.get(`${rosterId}#1`)!.applied).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(memory.chunks.get(`${rosterId}#2`)!.applied).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const personIndex = await ports.vault.mac('id-number', validIdNumber(1));
    const contactIndex = await ports.vault.mac('contact', contactText(row(1).name, row(1).mobile));
    expect(announced()).toContainEqual({ partnerId: 'acc_a', platform: '闽送即配', riderId: 'r-1', personIndex, contactIndex, status: 'active', regionCode: '350203', station: '莲前站', maskedName: '骑**', maskedMobile: '138****0001' });
    expect(announced().map((data) => data.riderId).sort()).toEqual(['r-1', 'r-2', 'r-3']);
    expect(memory.riders.get('acc_a#r-3')).toMatchObject({ station: null, lastRosterId: rosterId, lastChange: 'created', rowFingerprint: expect.any(String) });
  });

  it('sends one task per chunk, then for a snapshot one per shard once every chunk is applied', async () => {
    const { ports, queue, upload } = setup();
    const rosterId = await upload('snapshot', [[row(1)], [row(2)]]);
    expect(await planRoster({ rosterId }, ports)).toEqual({ tasks: 2 });
    expect(queue.splice(0)).toEqual([{ step: 'chunk', rosterId, seq: 1 }, { step: 'chunk', rosterId, seq: 2 }]);
    expect(await runRosterStep({ step: 'chunk', rosterId, seq: 2 }, ports)).toMatchObject({ outcome: 'recorded' });
    expect(queue).toEqual([]);
    await runRosterStep({ step: 'chunk', rosterId, seq: 1 }, ports);
    expect(queue.map((task) => (task.step === 'shard' ? task.shard : -1))).toEqual(Array.from({ length: RIDER_SHARDS }, (_, shard) => shard));
  });

  it('sends a snapshot\'s shard tasks once, though other chunks find every chunk applied after it; its own task, come again, sends them again', async () => {
    const { ports, queue, upload } = setup();
    const rosterId = await upload('snapshot', [[row(1)], [row(2)], [row(3)]]);
    await planRoster({ rosterId }, ports);
    queue.splice(0);
    for (const seq of [1, 2, 3]) await runRosterStep({ step: 'chunk', rosterId, seq }, ports);
    expect(queue.splice(0)).toHaveLength(RIDER_SHARDS);
    // Chunks 1 and 2 finished as chunk 3 did, so they read every chunk applied too.
    for (const seq of [1, 2]) expect(await runRosterStep({ step: 'chunk', rosterId, seq }, ports)).toMatchObject({ outcome: 'recorded' });
    expect(queue).toEqual([]);
    // Chunk 3's task again: it may have died before its tasks reached the queue.
    await runRosterStep({ step: 'chunk', rosterId, seq: 3 }, ports);
    expect(queue.splice(0)).toHaveLength(RIDER_SHARDS);
  });

  it('counts the rows of a chunk by outcome once, though its task comes twice', async () => {
    const { ports, queue, upload, counted } = setup();
    const rosterId = await upload('delta', [[row(1), row(2)]]);
    await planRoster({ rosterId }, ports);
    const task = queue.splice(0)[0]!;
    await runRosterStep(task, ports);
    await runRosterStep(task, ports);
    expect(counted).toEqual([{ metric: 'RosterRowsProcessed', value: 2, dimensions: { outcome: 'created' } }]);
  });

  it('applies the last row of a rider in a chunk, once', async () => {
    const { memory, upload, counts, announced } = setup();
    const rosterId = await upload('delta', [[row(1), row(1, { station: '湖里站' })]]);
    expect(await counts(rosterId)).toMatchObject({ created: 1 });
    expect(memory.riders.get('acc_a#r-1')!.station).toBe('湖里站');
    expect(announced()).toHaveLength(1);
  });

  it('announces a shard of more batches than an outbox item holds in items of at most OUTBOX_EVENTS_PER_ITEM, each group before its riders', async () => {
    const { memory, ports, upload, counts, announced } = setup();
    const inShardZero = Array.from({ length: 40 * OUTBOX_EVENTS_PER_ITEM * RIDERS_PER_WRITE }, (_, i) => i).filter((i) => shardOf(`r-${i}`) === 0);
    const rows = inShardZero.slice(0, OUTBOX_EVENTS_PER_ITEM * RIDERS_PER_WRITE + 5).map((i) => row(i));
    const saves: { riders: number; announcements: number; announcedBefore: number; writtenBefore: number }[] = [];
    const save = memory.repository.saveRiders.bind(memory.repository);
    ports.rosters.saveRiders = async (riders, announcements) => {
      saves.push({ riders: riders.length, announcements: announcements.length, announcedBefore: announced().length, writtenBefore: memory.riders.size });
      await save(riders, announcements);
    };
    const rosterId = await upload('snapshot', [rows.slice(0, 1000), rows.slice(1000)]);
    expect(await counts(rosterId)).toMatchObject({ created: rows.length });
    expect(saves).toEqual([
      { riders: OUTBOX_EVENTS_PER_ITEM * RIDERS_PER_WRITE, announcements: OUTBOX_EVENTS_PER_ITEM, announcedBefore: 0, writtenBefore: 0 },
      { riders: 5, announcements: 1, announcedBefore: OUTBOX_EVENTS_PER_ITEM * RIDERS_PER_WRITE, writtenBefore: OUTBOX_EVENTS_PER_ITEM * RIDERS_PER_WRITE },
    ]);
    expect(new Set(announced().map((rider) => rider.riderId)).size).toBe(rows.length);
  });

  it('applies more riders than one batch holds', async () => {
    const { memory, upload, counts } = setup();
    const rosterId = await upload('delta', [Array.from({ length: 230 }, (_, i) => row(i))]);
    expect(await counts(rosterId)).toMatchObject({ created: 230 });
    expect(memory.riders.size).toBe(230);
  });

  it('counts updated, unchanged and departed in a second snapshot, announcing only changes and writing no unchanged rider', async () => {
    const { memory, upload, counts, announced } = setup();
    await counts(await upload('snapshot', [[row(1), row(2), row(3)]]));
    const before = announced().length;
    const unchangedBefore = structuredClone(memory.riders.get('acc_a#r-1'));
    const second = await upload('snapshot', [[row(1), row(2, { station: '湖里站' })]]);
    expect(await counts(second)).toEqual({ created: 0, updated: 1, unchanged: 1, departed: 1 });
    expect(announced().slice(before).map((data) => `${data.riderId}:${data.status}`).sort()).toEqual(['r-2:active', 'r-3:departed']);
    expect(memory.riders.get('acc_a#r-1')).toEqual(unchangedBefore);
  });

  it('compares a rider departed by a snapshot in full when a later snapshot lists it again, and brings it back', async () => {
    const { memory, upload, counts } = setup();
    await counts(await upload('snapshot', [[row(1), row(2)]]));
    await counts(await upload('snapshot', [[row(1)]]));
    expect(memory.riders.get('acc_a#r-2')).toMatchObject({ status: 'departed' });
    expect(memory.riders.get('acc_a#r-2')).not.toHaveProperty('rowFingerprint');
    expect(await counts(await upload('snapshot', [[row(1), row(2)]]))).toEqual({ created: 0, updated: 1, unchanged: 1, departed: 0 });
    expect(memory.riders.get('acc_a#r-2')).toMatchObject({ status: 'active' });
  });

  it('writes a rider stored before fingerprints once, counted unchanged and announced to no one, to give it one', async () => {
    const { memory, upload, counts, announced } = setup();
    await counts(await upload('delta', [[row(1)]]));
    delete memory.riders.get('acc_a#r-1')!.rowFingerprint;
    const before = announced().length;
    expect(await counts(await upload('delta', [[row(1)]]))).toMatchObject({ unchanged: 1 });
    expect(memory.riders.get('acc_a#r-1')!.rowFingerprint).toEqual(expect.any(String));
    const writes = memory.writes;
    expect(await counts(await upload('delta', [[row(1)]]))).toMatchObject({ unchanged: 1 });
    // The third roster wrote the roster, its chunk and its record, its capacity, and no rider.
    expect(memory.writes - writes).toBe(6);
    expect(announced()).toHaveLength(before);
  });

  it('departs no one in a delta, and never another partner\'s riders', async () => {
    const { memory, upload, counts } = setup();
    await counts(await upload('delta', [[row(1)]], other));
    await counts(await upload('delta', [[row(2)]]));
    expect(await counts(await upload('delta', [[row(3)]]))).toMatchObject({ departed: 0 });
    expect(await counts(await upload('snapshot', [[row(3)]]))).toMatchObject({ departed: 1, unchanged: 1 });
    expect(memory.riders.get('acc_b#r-1')!.status).toBe('active');
  });

  it('departs the riders of every shard, several batches of them in a shard', async () => {
    const { memory, upload, counts, announced } = setup();
    const chunkOf = (from: number) => Array.from({ length: 1000 }, (_, i) => row(from + i));
    await counts(await upload('delta', [chunkOf(0), chunkOf(1000), chunkOf(2000)]));
    const riders = announced().length;
    const statusEvents = () => memory.outbox.filter((event) => event.type === 'RiderStatusChanged').length;
    const events = statusEvents();
    expect(await counts(await upload('snapshot', [Array.from({ length: 100 }, (_, i) => row(i))]))).toEqual({ created: 0, updated: 0, unchanged: 100, departed: 2900 });
    expect([...memory.riders.values()].filter((rider) => rider.status === 'active')).toHaveLength(100);
    // Every departed rider announced once, a shard's departures `RIDERS_PER_WRITE` to an event.
    const departures = announced().slice(riders);
    expect(departures).toHaveLength(2900);
    expect(new Set(departures.map((rider) => rider.riderId)).size).toBe(2900);
    const perShard = new Map<number, number>();
    for (const rider of departures) perShard.set(shardOf(rider.riderId), (perShard.get(shardOf(rider.riderId)) ?? 0) + 1);
    const batches = [...perShard.values()].reduce((sum, departed) => sum + Math.ceil(departed / RIDERS_PER_WRITE), 0);
    expect(batches).toBeGreaterThan(RIDER_SHARDS);
    expect(statusEvents() - events).toBe(batches);
  });

  it('applies a snapshot shard by shard: its chunks sort their rows into shards, sealed, and each shard reads its riders in one pass, none one at a time', async () => {
    const { memory, ports, queue, upload, apply } = setup();
    await apply(await upload('delta', [Array.from({ length: 50 }, (_, i) => row(i))]));
    const oneAtATime = vi.spyOn(memory.repository, 'riders');
    const inOnePass = vi.spyOn(memory.repository, 'shardRiders');
    const rosterId = await upload('snapshot', [Array.from({ length: 40 }, (_, i) => row(i + 20, { station: i % 2 ? '湖里站' : '莲前站' }))]);
    await planRoster({ rosterId }, ports);
    const ridersBefore = structuredClone([...memory.riders]);
    await runRosterStep(queue.splice(0)[0]!, ports);
    // The chunk wrote no rider and counted nothing; its rows wait in their shards, sealed.
    expect([...memory.riders]).toEqual(ridersBefore);
    expect(memory.rosters.get(rosterId)!.rows).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
    const parts = [...memory.shardParts.values()];
    expect(new Set(parts.map((part) => part.shard)).size).toBeGreaterThan(1);
    expect(parts.map((part) => part.sealed).join()).not.toContain(validMobile(20));
    expect(queue.map((task) => task.step)).toEqual(Array.from({ length: RIDER_SHARDS }, () => 'shard'));
    const { roster } = await apply(rosterId);
    expect(roster.rows).toMatchObject({ created: 10, updated: 15, unchanged: 15, departed: 20 });
    expect(oneAtATime).not.toHaveBeenCalled();
    expect(inOnePass).toHaveBeenCalledTimes(RIDER_SHARDS);
    expect(memory.shardsApplied.size).toBe(RIDER_SHARDS);
  });

  it('applies a rider listed in two chunks of a snapshot once, as the later chunk has it, whichever chunk runs first', async () => {
    const { memory, upload, apply, announced } = setup();
    const rosterId = await upload('snapshot', [[row(1), row(2)], [row(1, { station: '湖里站' })]]);
    const { roster } = await apply(rosterId, (pending) => pending - 1);
    expect(roster.rows).toMatchObject({ created: 2, updated: 0, unchanged: 0, departed: 0 });
    expect(memory.riders.get('acc_a#r-1')!.station).toBe('湖里站');
    expect(announced().filter((rider) => rider.riderId === 'r-1')).toHaveLength(1);
  });

  it('fails a snapshot whose rows sorted into a shard expired before the shard was applied, touching no rider', async () => {
    const { memory, clock, ports, queue, upload } = setup();
    const rosterId = await upload('snapshot', [[row(1)]]);
    await planRoster({ rosterId }, ports);
    await runRosterStep(queue.splice(0)[0]!, ports);
    clock.set(new Date(Date.parse('2026-11-25T08:00:00Z') + SEALED_ROWS_TTL_DAYS * 86_400_000));
    const reason = 'The rows of chunk 1 expired before the roster was applied; upload the roster again';
    expect(await runRosterStep({ step: 'shard', rosterId, shard: shardOf('r-1') }, ports)).toMatchObject({ outcome: 'failed', reason });
    expect(memory.rosters.get(rosterId)).toMatchObject({ status: 'failed', failureReason: reason });
    expect(memory.riders.size).toBe(0);
  });

  it('finishes a snapshot in flight from before shards applied rows: chunks applied then, their ids listed by shard, and departures tasks', async () => {
    const { memory, ports, upload, apply } = setup();
    await apply(await upload('delta', [[row(1), row(2), row(3)]]));
    const rosterId = await upload('snapshot', [[row(1)]]);
    // As a chunk step of then left it: rows applied (r-1 unchanged) and their ids recorded by shard.
    const roster = memory.rosters.get(rosterId)!;
    roster.progress.chunksApplied = 1;
    roster.rows.unchanged = 1;
    memory.chunks.get(`${rosterId}#1`)!.applied = { created: 0, updated: 0, unchanged: 1 };
    memory.appliedIds.set(`${rosterId}#${shardOf('r-1')}#1`, ['r-1']);
    for (let shard = 0; shard < RIDER_SHARDS; shard++) await runRosterStep({ step: 'departures', rosterId, shard }, ports);
    expect(memory.rosters.get(rosterId)).toMatchObject({ status: 'completed', rows: { created: 0, updated: 0, unchanged: 1, departed: 2 } });
    expect(memory.riders.get('acc_a#r-1')!.status).toBe('active');
    expect(memory.riders.get('acc_a#r-2')!.status).toBe('departed');
  });

  it('skips a step of a roster that is not processing or not there', async () => {
    const { memory, ports, upload, apply } = setup();
    const rosterId = await upload('snapshot', [[row(1)]]);
    await apply(rosterId);
    const writes = memory.writes;
    expect(await runRosterStep({ step: 'chunk', rosterId, seq: 1 }, ports)).toMatchObject({ outcome: 'skipped' });
    expect(await runRosterStep({ step: 'shard', rosterId, shard: 3 }, ports)).toMatchObject({ outcome: 'skipped' });
    expect(await runRosterStep({ step: 'chunk', rosterId: 'rst_none', seq: 1 }, ports)).toMatchObject({ outcome: 'skipped' });
    expect(await planRoster({ rosterId }, ports)).toEqual({ tasks: 0 });
    const failed = await upload('delta', [[row(2)]]);
    memory.rosters.get(failed)!.status = 'failed';
    expect(await runRosterStep({ step: 'chunk', rosterId: failed, seq: 1 }, ports)).toMatchObject({ outcome: 'skipped' });
    expect(memory.writes).toBe(writes + 3);
  });

  it('fails a roster whose sealed rows expired instead of applying part of it, touching no rider', async () => {
    const { memory, clock, upload, apply } = setup();
    await apply(await upload('snapshot', [[row(1)]]));
    const rosterId = await upload('snapshot', [[row(1)], [row(2)]]);
    clock.set(new Date(Date.parse('2026-11-25T08:00:00Z') + SEALED_ROWS_TTL_DAYS * 86_400_000));
    const reason = 'The rows of chunk 1 expired before the roster was applied; upload the roster again';
    expect((await apply(rosterId)).roster).toMatchObject({ status: 'failed', failureReason: reason });
    expect(memory.riders.get('acc_a#r-1')!.status).toBe('active');
    expect(memory.riders.has('acc_a#r-2')).toBe(false);
  });

  it('fails a roster whose sealed parts TTL removed, or whose chunk is gone', async () => {
    const { memory, ports, upload } = setup();
    const rosterId = await upload('delta', [[row(1)]]);
    memory.sealed.delete(`${rosterId}#1`);
    expect(await runRosterStep({ step: 'chunk', rosterId, seq: 1 }, ports)).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('chunk 1 expired') });
    const second = await upload('delta', [[row(2)]]);
    memory.chunks.delete(`${second}#1`);
    expect(await runRosterStep({ step: 'chunk', rosterId: second, seq: 1 }, ports)).toMatchObject({ outcome: 'failed', reason: 'Chunk 1 is missing' });
  });

  it('counts the same and announces nothing more when the same rows come in a new roster', async () => {
    const { upload, counts, announced } = setup();
    const rows = [row(1), row(2, { status: 'departed' })];
    await counts(await upload('snapshot', [rows]));
    const before = announced().length;
    expect(await counts(await upload('snapshot', [rows]))).toEqual({ created: 0, updated: 0, unchanged: 2, departed: 0 });
    expect(announced()).toHaveLength(before);
  });

  const riderPool = fc.integer({ min: 0, max: 11 });
  const rowArb = fc.record({ n: riderPool, station: fc.constantFrom('莲前站', '湖里站'), status: fc.constantFrom('active', 'departed') });
  const scenario = fc.record({
    earlier: fc.array(rowArb, { maxLength: 10 }),
    mode: fc.constantFrom('snapshot' as const, 'delta' as const),
    // A rider appears in one chunk only: riders in two chunks of a roster are the partner's error (see ADR 0013).
    chunks: fc.array(fc.uniqueArray(rowArb, { minLength: 1, maxLength: 6, selector: (r) => r.n }), { minLength: 1, maxLength: 3 }).map((chunks) => {
      const taken = new Set<number>();
      return chunks.map((rows) => rows.filter((r) => !taken.has(r.n) && taken.add(r.n))).filter((rows) => rows.length > 0);
    }).filter((chunks) => chunks.length > 0),
    crashes: fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 3 }),
    duplicates: fc.array(fc.nat(), { maxLength: 4 }),
    order: fc.array(fc.nat(), { maxLength: 40 }),
  });
  type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;
  const toRow = ({ n, station, status }: { n: number; station: string; status: string }) => row(n, { station, status });

  // One key for both runs of a scenario, so their blind indexes compare.
  const sharedVault = testVault();

  /**
   * Runs a scenario. With faults, tasks run in a shuffled order, some come twice, and workers
   * die at chosen writes (the task that died comes back later, as SQS redelivers it).
   */
  async function run(s: Scenario, faults: boolean) {
    const { memory, ports, queue, upload, apply, announced } = setup(sharedVault);
    if (s.earlier.length > 0) await apply(await upload('delta', [s.earlier.map(toRow)]));
    const before = announced().length;
    const rosterId = await upload(s.mode, s.chunks.map((rows) => rows.map(toRow)));
    if (faults) {
      await planRoster({ rosterId }, ports);
      const order = [...s.order];
      const crashes = [...s.crashes];
      const duplicates = [...s.duplicates];
      while (queue.length > 0) {
        const [task] = queue.splice((order.shift() ?? 0) % queue.length, 1);
        if (duplicates.length > 0 && duplicates.shift()! % 2 === 0) queue.push(task!);
        memory.crashOnWrite(crashes.shift());
        try {
          await runRosterStep(task!, ports);
        } catch (error) {
          if (!(error instanceof InjectedCrash)) throw error;
          queue.push(task!);
        }
        memory.crashOnWrite(undefined);
      }
    } else {
      await apply(rosterId);
    }
    const final = memory.rosters.get(rosterId)!;
    const riders = [...memory.riders.values()].sort((a: Rider, b: Rider) => (a.riderId < b.riderId ? -1 : 1));
    const events = announced().slice(before).map((data) => JSON.stringify(data)).sort();
    // A step of the completed roster, come yet again, changes nothing.
    const writes = memory.writes;
    expect(await runRosterStep({ step: 'chunk', rosterId, seq: 1 }, ports)).toMatchObject({ outcome: 'skipped' });
    expect(memory.writes).toBe(writes);
    return { rows: final.rows, status: final.status, riders, events };
  }

  it('counts the same, writes the same riders and announces each change once whatever the order, duplicates and deaths of its steps', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const clean = await run(s, false);
        const faulty = await run(s, true);
        expect(faulty.status).toBe('completed');
        expect(faulty.rows).toEqual(clean.rows);
        expect(faulty.riders).toEqual(clean.riders);
        expect(faulty.events).toEqual(clean.events);
        expect(new Set(faulty.events).size).toBe(faulty.events.length);
      }),
      { numRuns: 60 },
    );
  });

  it('counts every rider of the roster once, as created, updated or unchanged, and departs exactly the active riders a snapshot left out', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { rows } = await run(s, false);
        const listed = new Set(s.chunks.flat().map((r) => r.n));
        expect(rows.created + rows.updated + rows.unchanged).toBe(listed.size);
        expect(rows.accepted).toBe(s.chunks.flat().length);
        const activeBefore = new Map<number, string>();
        for (const r of s.earlier) activeBefore.set(r.n, r.status);
        const leftOut = [...activeBefore].filter(([n, status]) => status === 'active' && !listed.has(n)).length;
        expect(rows.departed).toBe(s.mode === 'delta' ? 0 : leftOut);
      }),
      { numRuns: 60 },
    );
  });
});

describe('failStalledRosters()', () => {
  it('fails rosters processing for more than an hour, once, and leaves the rest', async () => {
    const { memory, ports, clock, upload } = setup();
    const stalled = await upload('delta', [[row(1)]]);
    const recent = await upload('delta', [[row(2)]], other);
    memory.processingSince.set(stalled, '2026-11-25T06:59:59.999Z');
    memory.processingSince.set(recent, '2026-11-25T07:00:00.000Z');
    expect(await failStalledRosters(ports)).toEqual({ failed: 1 });
    expect(memory.rosters.get(stalled)).toMatchObject({ status: 'failed', failureReason: 'Not applied within 60 minutes (0 of 1 chunks applied); upload the roster again' });
    expect(memory.outbox.filter((event) => event.type === 'RosterFinished').map((event) => event.data)).toEqual([
      { rosterId: stalled, partnerId: 'acc_a', mode: 'delta', status: 'failed', reason: 'Not applied within 60 minutes (0 of 1 chunks applied); upload the roster again' },
    ]);
    expect(memory.rosters.get(recent)!.status).toBe('processing');
    clock.set('2026-11-25T09:00:00.000Z');
    expect(await failStalledRosters(ports)).toEqual({ failed: 1 });
    expect(await failStalledRosters(ports)).toEqual({ failed: 0 });
    expect(memory.open.get('acc_a')).toBe(0);
  });

  it('fails a roster still receiving a day after it was opened, freeing its slot', async () => {
    const { memory, ports, clock } = setup();
    const roster = await createRoster({ mode: 'snapshot', asOf: '2026-11-25T00:00:00Z' }, partner, ports);
    clock.set('2026-11-26T07:59:59.000Z');
    expect(await failStalledRosters(ports)).toEqual({ failed: 0 });
    clock.set('2026-11-26T08:00:01.000Z');
    expect(await failStalledRosters(ports)).toEqual({ failed: 1 });
    expect(memory.rosters.get(roster.id)).toMatchObject({ status: 'failed', failureReason: 'Not completed within 24 hours of opening; upload the roster again' });
    expect(memory.open.get('acc_a')).toBe(0);
  });
});

describe('limits a partner can plan for', () => {
  it('applies one roster of a partner at a time: completing another answers 409 with Retry-After until the first is done, failed or abandoned', async () => {
    const { ports, upload, apply, memory } = setup();
    const first = await upload('delta', [[row(1)]]);
    const second = await createRoster({ mode: 'delta', asOf: '2026-11-25T00:00:00Z' }, partner, ports);
    await putChunk({ rosterId: second.id, seq: 1, rows: [row(2)] }, partner, ports);
    const refused = completeRoster({ rosterId: second.id, chunks: 1 }, partner, ports);
    await expect(refused).rejects.toMatchObject({ status: 409, retryAfterSeconds: 10, message: expect.stringContaining('one roster at a time') });
    expect(memory.rosters.get(second.id)!.status).toBe('receiving');
    // Another partner's roster is not held up.
    expect(await upload('delta', [[row(3)]], other)).toBeTruthy();
    await apply(first);
    expect(await completeRoster({ rosterId: second.id, chunks: 1 }, partner, ports)).toMatchObject({ status: 'processing' });
    const third = await createRoster({ mode: 'delta', asOf: '2026-11-25T00:00:00Z' }, partner, ports);
    await putChunk({ rosterId: third.id, seq: 1, rows: [row(4)] }, partner, ports);
    await expect(completeRoster({ rosterId: third.id, chunks: 1 }, partner, ports)).rejects.toMatchObject({ status: 409 });
    const stalled = memory.rosters.get(second.id)!;
    await memory.repository.fail({ ...stalled, status: 'processing' }, 'stalled', finishedEvent(stalled, { status: 'failed', reason: 'stalled' }, { province: '35', now: new Date() }));
    expect(await completeRoster({ rosterId: third.id, chunks: 1 }, partner, ports)).toMatchObject({ status: 'processing' });
  });

  it('refuses a roster beyond the partner\'s open ones with 409 saying what to do, and takes one again once a slot is free', async () => {
    const { ports, upload, apply } = setup(testVault(), { openRostersPerPartner: 2 });
    const first = await upload('delta', [[row(1)]]);
    const second = await createRoster({ mode: 'delta', asOf: '2026-11-25T00:00:00Z' }, partner, ports);
    await expect(createRoster({ mode: 'delta', asOf: '2026-11-25T00:00:00Z' }, partner, ports)).rejects.toMatchObject({ status: 409, message: expect.stringContaining('abandon one') });
    expect(await createRoster({ mode: 'delta', asOf: '2026-11-25T00:00:00Z' }, other, ports)).toMatchObject({ status: 'receiving' });
    await apply(first);
    expect(await createRoster({ mode: 'delta', asOf: '2026-11-25T00:00:00Z' }, partner, ports)).toMatchObject({ status: 'receiving' });
    await abandonRoster(second.id, partner, ports);
    expect(await createRoster({ mode: 'delta', asOf: '2026-11-25T00:00:00Z' }, partner, ports)).toMatchObject({ status: 'receiving' });
  });

  it('refuses a chunk that would take a roster past its rows with 409, storing nothing', async () => {
    const { memory, ports } = setup(testVault(), { rowsPerRoster: 1000 });
    const roster = await createRoster({ mode: 'snapshot', asOf: '2026-11-25T00:00:00Z' }, partner, ports);
    await putChunk({ rosterId: roster.id, seq: 1, rows: Array.from({ length: 600 }, (_, i) => row(i)) }, partner, ports);
    await expect(putChunk({ rosterId: roster.id, seq: 2, rows: Array.from({ length: 401 }, (_, i) => row(1000 + i)) }, partner, ports)).rejects.toMatchObject({ status: 409, message: expect.stringContaining('more than 1000 rows') });
    expect(memory.chunks.has(`${roster.id}#2`)).toBe(false);
    expect(await putChunk({ rosterId: roster.id, seq: 2, rows: Array.from({ length: 400 }, (_, i) => row(1000 + i)) }, partner, ports)).toMatchObject({ accepted: 400 });
  });

  it('answers a chunk beyond the partner\'s chunks a minute with 429 and the seconds to the next minute, and a repeat of a stored chunk still', async () => {
    const { ports, clock } = setup(testVault(), { chunksPerMinute: 2 });
    clock.set('2026-11-25T08:00:45.000Z');
    const roster = await createRoster({ mode: 'delta', asOf: '2026-11-25T00:00:00Z' }, partner, ports);
    await putChunk({ rosterId: roster.id, seq: 1, rows: [row(1)] }, partner, ports);
    await putChunk({ rosterId: roster.id, seq: 2, rows: [row(2)] }, partner, ports);
    await expect(putChunk({ rosterId: roster.id, seq: 3, rows: [row(3)] }, partner, ports)).rejects.toMatchObject({ status: 429, retryAfterSeconds: 15 });
    expect(await putChunk({ rosterId: roster.id, seq: 2, rows: [row(2)] }, partner, ports)).toMatchObject({ seq: 2, accepted: 1 });
    clock.set('2026-11-25T08:01:00.000Z');
    expect(await putChunk({ rosterId: roster.id, seq: 3, rows: [row(3)] }, partner, ports)).toMatchObject({ seq: 3 });
  });
});

describe('abandonRoster()', () => {
  it('drops a roster receiving or failed, and its sealed rows, touching no rider; again is the same', async () => {
    const { memory, ports, upload, apply } = setup();
    const receiving = await createRoster({ mode: 'snapshot', asOf: '2026-11-25T00:00:00Z' }, partner, ports);
    await putChunk({ rosterId: receiving.id, seq: 1, rows: [row(1)] }, partner, ports);
    expect(await abandonRoster(receiving.id, partner, ports)).toMatchObject({ id: receiving.id, status: 'abandoned' });
    expect(memory.sealed.size).toBe(0);
    expect(await abandonRoster(receiving.id, partner, ports)).toMatchObject({ status: 'abandoned' });
    await expect(putChunk({ rosterId: receiving.id, seq: 2, rows: [row(2)] }, partner, ports)).rejects.toMatchObject({ status: 409 });
    const failed = await upload('delta', [[row(3)]]);
    memory.sealed.delete(`${failed}#1`);
    await apply(failed);
    expect(await abandonRoster(failed, partner, ports)).toMatchObject({ status: 'abandoned' });
    expect(memory.riders.size).toBe(0);
    // A snapshot failed after its chunks sorted their rows into shards: those go too.
    const sorted = await upload('snapshot', [[row(4)], [row(5)]]);
    memory.sealed.delete(`${sorted}#2`);
    await apply(sorted);
    expect(memory.rosters.get(sorted)!.status).toBe('failed');
    expect(memory.shardParts.size).toBeGreaterThan(0);
    expect(await abandonRoster(sorted, partner, ports)).toMatchObject({ status: 'abandoned' });
    expect(memory.shardParts.size).toBe(0);
    expect(memory.sealed.size).toBe(0);
    expect(memory.riders.size).toBe(0);
    expect(memory.open.get('acc_a')).toBe(0);
  });

  it('refuses a roster being applied or done, and another partner\'s', async () => {
    const { ports, upload, apply } = setup();
    const rosterId = await upload('delta', [[row(1)]]);
    await expect(abandonRoster(rosterId, partner, ports)).rejects.toMatchObject({ status: 409, message: expect.stringContaining('is processing') });
    await apply(rosterId);
    await expect(abandonRoster(rosterId, partner, ports)).rejects.toMatchObject({ status: 409, message: expect.stringContaining('is completed') });
    await expect(abandonRoster(rosterId, other, ports)).rejects.toMatchObject({ status: 404 });
  });
});

describe('listRosters()', () => {
  it('lists the partner\'s own rosters, newest first, a page at a time', async () => {
    const { ports, clock } = setup();
    for (const hour of ['08', '09', '10']) {
      clock.set(`2026-11-25T${hour}:00:00.000Z`);
      await createRoster({ mode: 'delta', asOf: '2026-11-25T00:00:00Z' }, partner, ports);
    }
    await createRoster({ mode: 'delta', asOf: '2026-11-25T00:00:00Z' }, other, ports);
    const first = await listRosters('acc_a', { limit: 2 }, ports);
    expect(first.items.map((roster) => roster.createdAt)).toEqual(['2026-11-25T10:00:00.000Z', '2026-11-25T09:00:00.000Z']);
    expect((await listRosters('acc_a', { limit: 2, cursor: first.nextCursor! }, ports)).items.map((roster) => roster.id)).toEqual(['rst_1']);
  });
});

describe('recordMemberships()', () => {
  const event = { partnerId: 'acc_a', riderId: 'r-1', regionCode: '350203', rostered: true };

  it('keeps the newest announcement, with consent, and ignores older ones', async () => {
    const { memory, ports, upload, apply } = setup();
    await apply(await upload('delta', [[row(1)]]));
    expect(await recordMemberships([{ ...event, isMember: true, sharedWithPlatforms: true, version: 2 }], ports)).toBe(1);
    expect(memory.memberships.get('acc_a#r-1')).toEqual({ isMember: true, sharedWithPlatforms: true, version: 2 });
    expect(await recordMemberships([{ ...event, isMember: false, sharedWithPlatforms: false, version: 1 }], ports)).toBe(0);
    expect(await recordMemberships([{ ...event, isMember: false, version: 2 }], ports)).toBe(0);
    expect(memory.memberships.get('acc_a#r-1')).toEqual({ isMember: true, sharedWithPlatforms: true, version: 2 });
    expect(await recordMemberships([{ ...event, isMember: true, version: 3 }], ports)).toBe(1);
    expect(memory.memberships.get('acc_a#r-1')).toEqual({ isMember: true, sharedWithPlatforms: false, version: 3 });
  });

  it('records what membership says of a rider the roster has not written yet, for when it is', async () => {
    const { ports, upload, apply } = setup();
    expect(await recordMemberships([{ ...event, riderId: 'r-9', isMember: true, sharedWithPlatforms: true, version: 1 }], ports)).toBe(1);
    await expect(getRider('r-9', 'acc_a', ports)).rejects.toMatchObject({ status: 404 });
    await apply(await upload('delta', [[row(9)]]));
    expect(await getRider('r-9', 'acc_a', ports)).toMatchObject({ riderId: 'r-9', membership: { isMember: true, sharedWithPlatforms: true, version: 1 } });
  });

  it('records the riders of one announcement, across partners, leaving out those holding newer news', async () => {
    const { memory, ports, upload, apply } = setup();
    await apply(await upload('delta', [[row(1), row(2), row(3)]]));
    await recordMemberships([{ ...event, riderId: 'r-2', isMember: true, sharedWithPlatforms: true, version: 5 }], ports);
    const recorded = await recordMemberships(
      [1, 2, 3, 4].map((n) => ({ ...event, riderId: `r-${n}`, isMember: true, sharedWithPlatforms: true, version: 4 })).concat({ ...event, partnerId: 'acc_z', riderId: 'r-1', isMember: true, sharedWithPlatforms: true, version: 4 }),
      ports,
    );
    expect(recorded).toBe(4);
    expect([1, 2, 3, 4].map((n) => memory.memberships.get(`acc_a#r-${n}`)?.version)).toEqual([4, 5, 4, 4]);
    expect(memory.memberships.get('acc_z#r-1')?.version).toBe(4);
  });

  it('survives a later roster: the roster does not erase what membership said', async () => {
    const { memory, ports, upload, apply } = setup();
    await apply(await upload('delta', [[row(1)]]));
    await recordMemberships([{ partnerId: 'acc_a', riderId: 'r-1', regionCode: '350203', rostered: true, isMember: true, sharedWithPlatforms: true, version: 1 }], ports);
    await apply(await upload('delta', [[row(1, { station: '湖里站' })]]));
    expect(await getRider('r-1', 'acc_a', ports)).toMatchObject({ station: '湖里站', membership: { isMember: true, sharedWithPlatforms: true, version: 1 } });
  });
});

describe('getRoster(), getRider() and listRejections()', () => {
  it('show a partner its own roster and riders, and another partner nothing', async () => {
    const { ports, upload, apply } = setup();
    const rosterId = await upload('delta', [[row(1)]]);
    await apply(rosterId);
    expect(await getRoster(rosterId, 'acc_a', ports)).toMatchObject({ id: rosterId, status: 'completed' });
    await expect(getRoster(rosterId, 'acc_b', ports)).rejects.toMatchObject({ status: 404 });
    expect(await getRider('r-1', 'acc_a', ports)).toMatchObject({ riderId: 'r-1', partnerId: 'acc_a' });
    await expect(getRider('r-1', 'acc_b', ports)).rejects.toMatchObject({ status: 404, message: 'No rider r-1 of yours' });
  });

  it('page a roster\'s rejections by chunk and index, only for its partner', async () => {
    const { ports, upload } = setup();
    const rosterId = await upload('delta', [[row(1), row(2, { mobile: '1' })], [row(3, { idNumber: 'x' }), row(4, { regionCode: '1' })]]);
    const first = await listRejections(rosterId, 'acc_a', { limit: 2 }, ports);
    expect(first.items.map((rejection) => [rejection.seq, rejection.index, rejection.path])).toEqual([[1, 1, 'mobile'], [2, 0, 'idNumber']]);
    const rest = await listRejections(rosterId, 'acc_a', { limit: 2, cursor: first.nextCursor! }, ports);
    expect(rest).toEqual({ items: [expect.objectContaining({ seq: 2, index: 1, path: 'regionCode' })], nextCursor: null });
    await expect(listRejections(rosterId, 'acc_b', { limit: 2 }, ports)).rejects.toMatchObject({ status: 404 });
  });
});
