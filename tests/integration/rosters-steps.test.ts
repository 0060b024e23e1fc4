import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ridersAnnounced } from '../../events/rider-status-changed.v2.js';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardOf } from '../../functions/rosters/domain/rider.js';
import { makeRosterRepository } from '../../functions/rosters/repository.js';
import type { RosterTask } from '../../functions/rosters/tasks.js';
import { runRosterStep } from '../../functions/rosters/use-cases/run-roster-step.js';
import { tableEnvVar } from '../../shared/config.js';
import { piiVault } from '../../shared/crypto/pii-vault.js';
import { systemClock } from '../../shared/ports.js';
import { invoke } from '../../local/functions.js';
import { rosterRow, validCreditCode } from '../helpers/identity.js';
import { outboxEvents } from '../helpers/outbox.js';
import { eventually, startTestProvince, type TestProvince } from '../helpers/province.js';
import { scanTables } from '../helpers/tables.js';
import { meteredClient, type Capacity } from '../../shared/capacity.js';

let province: TestProvince;
const partners: Record<string, { id: string; apiKey: string }> = {};

const rider = rosterRow;
const asPartner = (key: string, method: string, path: string, body?: unknown) =>
  province.request(method, path, { body, headers: { 'x-api-key': partners[key]!.apiKey } });

/** Opens a roster, sends its chunks and completes it; answers its id. */
async function send(key: string, mode: 'snapshot' | 'delta', chunks: unknown[][]): Promise<string> {
  const roster = (await asPartner(key, 'POST', '/v1/rosters', { mode, asOf: new Date().toISOString() })).body;
  for (const [i, rows] of chunks.entries()) expect((await asPartner(key, 'PUT', `/v1/rosters/${roster.id}/chunks/${i + 1}`, { rows })).status).toBe(202);
  expect((await asPartner(key, 'POST', `/v1/rosters/${roster.id}/complete`, { chunks: chunks.length })).status).toBe(202);
  return roster.id;
}

const finished = (key: string, rosterId: string) =>
  eventually(async () => {
    const state = (await asPartner(key, 'GET', `/v1/rosters/${rosterId}`)).body;
    return state.status === 'completed' ? state : undefined;
  }, 60_000);

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Splits rows into chunks of `size`. */
const chunked = <T>(rows: T[], size: number): T[][] => range(0, Math.ceil(rows.length / size) - 1).map((i) => rows.slice(i * size, (i + 1) * size));

/**
 * The same day's second snapshot of a partner who had riders 1–40: riders 1–5 moved station,
 * 6–30 are as they were, 31–40 left, 41–50 are new.
 */
const secondSnapshot = () => [...range(1, 5).map((n) => rider(n, { station: '湖里站' })), ...range(6, 30).map((n) => rider(n)), ...range(41, 50).map((n) => rider(n))];
const expectedCounts = { received: 40, accepted: 40, rejected: 0, created: 10, updated: 5, unchanged: 25, departed: 10 };

/** The RiderStatusChanged events the partner's riders announced, as `riderId:status`, sorted. */
async function announcements(partnerId: string): Promise<string[]> {
  return outboxEvents(await scanTables(province, 'rosters'))
    .filter((event) => event.type === 'RiderStatusChanged')
    .flatMap((event) => ridersAnnounced(event.data as Parameters<typeof ridersAnnounced>[0]))
    .filter((rider) => rider.partnerId === partnerId)
    .map((rider) => `${rider.riderId}:${rider.status}`)
    .sort();
}

/** The SQS event Lambda would hand the step worker for these tasks. */
const stepEvent = (tasks: RosterTask[]): SQSEvent =>
  ({ Records: tasks.map((task, i) => ({ messageId: `m-${i}-${Math.random()}`, receiptHandle: 'r', body: JSON.stringify(task), attributes: {}, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn', awsRegion: 'local' })) }) as unknown as SQSEvent;

const runStepHandler = (tasks: RosterTask[]) => invoke<{ batchItemFailures: unknown[] }>('rosters/run-roster-step', stepEvent(tasks), 60);

beforeAll(async () => {
  province = await startTestProvince();
  const admin = { authorization: `Bearer ${await province.token({ role: 'province_admin', sub: 'admin' })}` };
  for (const [i, key] of ['dup', 'crash', 'left', 'right', 'cost', 'flight'].entries()) {
    partners[key] = (await province.request('POST', '/v1/accounts', { body: { kind: 'partner', name: `平台${key}`, creditCode: validCreditCode(900 + i) }, headers: admin })).body;
  }
});

afterAll(async () => {
  await province?.stop();
});

describe('a roster applied in steps', () => {
  it('counts exactly when chunk tasks come twice, at once and one after the other, in any order', { timeout: 120_000 }, async () => {
    await finished('dup', await send('dup', 'delta', [range(1, 40).map((n) => rider(n))]));
    await province.settled();
    const before = await announcements(partners.dup!.id);
    await province.stopPollers();
    let rosterId: string;
    try {
      rosterId = await send('dup', 'snapshot', chunked(secondSnapshot(), 15));

      // Chunk 3 twice at once (two workers), chunk 2 twice in one batch, chunk 1 last, then again.
      await Promise.all([runStepHandler([{ step: 'chunk', rosterId, seq: 3 }]), runStepHandler([{ step: 'chunk', rosterId, seq: 3 }])]);
      expect((await runStepHandler([{ step: 'chunk', rosterId, seq: 2 }, { step: 'chunk', rosterId, seq: 2 }])).batchItemFailures).toEqual([]);
      await runStepHandler([{ step: 'chunk', rosterId, seq: 1 }]);
      await runStepHandler([{ step: 'chunk', rosterId, seq: 1 }]);
      expect((await asPartner('dup', 'GET', `/v1/rosters/${rosterId}`)).body).toMatchObject({ status: 'processing', progress: { chunksApplied: 3 } });
      // Chunk 1 found every chunk applied first, so it alone sends the shard tasks, however often it or the others come again.
      const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: province.env.AWS_ENDPOINT_URL_DYNAMODB }));
      const rosters = makeRosterRepository({ client, tables: { rosters: province.env[tableEnvVar('rosters')] } });
      expect([await rosters.claimShardTasks(rosterId, 3), await rosters.claimShardTasks(rosterId, 2), await rosters.claimShardTasks(rosterId, 1)]).toEqual([false, false, true]);
      client.destroy();
    } finally {
      // Chunk 1 sent the shard tasks (twice: it came twice); the relay then plans
      // the roster again from its RosterCompleted, which sends every chunk once more.
      await province.startPollers();
    }
    const done = await finished('dup', rosterId);
    expect(done.rows).toEqual(expectedCounts);
    await province.settled();
    // Each change announced exactly once: five moved, ten new, ten departed.
    const changes = [...range(1, 5).map((n) => `r-${n}:active`), ...range(31, 40).map((n) => `r-${n}:departed`), ...range(41, 50).map((n) => `r-${n}:active`)];
    expect(await announcements(partners.dup!.id)).toEqual([...before, ...changes].sort());
  });

  it('counts exactly when workers die mid-chunk and mid-shard and DynamoDB leaves parts of batch writes undone', { timeout: 120_000 }, async () => {
    await finished('crash', await send('crash', 'delta', [range(1, 40).map((n) => rider(n))]));
    await province.settled();
    await province.stopPollers();
    try {
      await applyWithFaults();
    } finally {
      await province.startPollers();
    }
  });

  async function applyWithFaults() {
    const rosterId = await send('crash', 'snapshot', chunked(secondSnapshot(), 20));

    const real = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: province.env.AWS_ENDPOINT_URL_DYNAMODB }), { marshallOptions: { removeUndefinedValues: true } });
    /** A client that dies at its `dieAt`-th write (a put, a batch or a transaction), and does half of every batch write, leaving the rest unprocessed. */
    const faulty = (dieAt?: number) => {
      let writes = 0;
      return {
        async send(command: unknown) {
          const isWrite = command instanceof TransactWriteCommand || command instanceof BatchWriteCommand || command instanceof PutCommand || command instanceof UpdateCommand;
          if (isWrite && ++writes === dieAt) throw new Error('worker killed');
          if (command instanceof BatchWriteCommand) {
            const [table, requests] = Object.entries(command.input.RequestItems!)[0]!;
            const half = Math.ceil(requests.length / 2);
            await real.send(new BatchWriteCommand({ RequestItems: { [table]: requests.slice(0, half) } }));
            return { UnprocessedItems: requests.length > half ? { [table]: requests.slice(half) } : {} };
          }
          return real.send(command as never);
        },
      } as unknown as DynamoDBDocumentClient;
    };
    const sent: RosterTask[] = [];
    const repositoryOn = (client: DynamoDBDocumentClient) => makeRosterRepository({ client, tables: { rosters: province.env[tableEnvVar('rosters')], riders: province.env[tableEnvVar('riders')] } });
    const portsWith = (client: DynamoDBDocumentClient) => ({
      rosters: repositoryOn(client),
      meteredRosters: (capacity: Capacity) => repositoryOn(meteredClient(client, capacity)),
      vault: piiVault(),
      clock: systemClock,
      province: '35',
      metrics: { count: () => undefined },
      tasks: { send: async (tasks: RosterTask[]) => void sent.push(...tasks) },
    });

    // Chunk 1 dies as it sorts its rows into shards (half of them stored), then both chunks run.
    await expect(runRosterStep({ step: 'chunk', rosterId, seq: 1 }, portsWith(faulty(2)))).rejects.toThrow('worker killed');
    expect((await asPartner('crash', 'GET', `/v1/rosters/${rosterId}`)).body.progress.chunksApplied).toBe(0);
    for (const seq of [1, 2]) expect(await runRosterStep({ step: 'chunk', rosterId, seq }, portsWith(faulty()))).toMatchObject({ outcome: 'recorded' });
    expect(sent).toHaveLength(16);
    // The shard with the most changes dies at its third write: its first batch announced, half
    // of its riders written, the rest not. Another dies at its first write (the announcement).
    const changedIds = [...range(1, 5), ...range(31, 50)].map((n) => `r-${n}`);
    const changesIn = (shard: number) => changedIds.filter((id) => shardOf(id) === shard).length;
    const [busiest, next] = [...sent].sort((a, b) => changesIn((b as { shard: number }).shard) - changesIn((a as { shard: number }).shard));
    expect(changesIn((busiest as { shard: number }).shard)).toBeGreaterThan(1);
    await expect(runRosterStep(busiest!, portsWith(faulty(3)))).rejects.toThrow('worker killed');
    await expect(runRosterStep(next!, portsWith(faulty(1)))).rejects.toThrow('worker killed');
    const outcomes = [];
    for (const task of sent) outcomes.push(await runRosterStep(task, portsWith(faulty())));
    expect(outcomes.at(-1)).toMatchObject({ outcome: 'completed' });
    real.destroy();

    expect((await asPartner('crash', 'GET', `/v1/rosters/${rosterId}`)).body).toMatchObject({ status: 'completed', rows: expectedCounts });
    // The first roster announced riders 1–40; the second five moved, ten new and ten departed, each once.
    const changes = [...range(1, 40), ...range(1, 5), ...range(41, 50)].map((n) => `r-${n}:active`).concat(range(31, 40).map((n) => `r-${n}:departed`));
    expect(await announcements(partners.crash!.id)).toEqual(changes.sort());
  }

  it('writes no unchanged rider of a snapshot, so it costs reads, not writes, as DynamoDB reports what it consumed', { timeout: 120_000 }, async () => {
    const riders = range(1, 300).map((n) => rider(n));
    const writtenBy = async (rosterId: string) => (await scanTables(province, 'riders')).filter((item) => item.partnerId === partners.cost!.id && String(item.sk).startsWith('RIDER#') && item.lastRosterId === rosterId).length;
    const first = await finished('cost', await send('cost', 'snapshot', chunked(riders, 100)));
    expect(await writtenBy(first.id)).toBe(300);
    const again = await finished('cost', await send('cost', 'snapshot', chunked(riders, 100)));
    expect(again.rows).toMatchObject({ created: 0, updated: 0, unchanged: 300, departed: 0 });
    expect(await writtenBy(again.id)).toBe(0);
    // Every rider was read, a shard at a time (consistently: a unit per 4 KB, not one per
    // rider); only bookkeeping and the rows sorted into shards were written.
    expect(again.capacity.readUnits).toBeGreaterThan(0);
    expect(again.capacity.readUnits).toBeLessThan(300 / 2);
    expect(again.capacity.writeUnits).toBeGreaterThan(0);
    expect(again.capacity.writeUnits).toBeLessThan(first.capacity.writeUnits / 2);
    const changed = await finished('cost', await send('cost', 'snapshot', chunked([...riders.slice(0, 294), ...range(301, 306).map((n) => rider(n))], 100)));
    expect(changed.rows).toMatchObject({ created: 6, unchanged: 294, departed: 6 });
    expect(await writtenBy(changed.id)).toBe(12);
  });

  it('finishes a snapshot in flight across the upgrade to shards: chunks applied before, their ids kept by shard, and departures tasks', { timeout: 120_000 }, async () => {
    await finished('flight', await send('flight', 'delta', [range(1, 3).map((n) => rider(n))]));
    await province.settled();
    await province.stopPollers();
    let rosterId: string;
    try {
      rosterId = await send('flight', 'snapshot', [[rider(1)]]);
      // What a chunk step left before shards applied rows: the chunk recorded, its ids by shard.
      const tables = { rosters: province.env[tableEnvVar('rosters')], riders: province.env[tableEnvVar('riders')] };
      const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: province.env.AWS_ENDPOINT_URL_DYNAMODB }));
      await makeRosterRepository({ client, tables }).recordChunkApplied(rosterId, { seq: 1 }, { created: 0, updated: 0, unchanged: 1 });
      await client.send(new PutCommand({ TableName: tables.rosters, Item: { pk: `ROSTER#${rosterId}`, sk: `SEEN#${String(shardOf('r-1')).padStart(2, '0')}#000001`, riderIds: ['r-1'], expiresAt: Math.floor(Date.now() / 1000) + 3600 } }));
      client.destroy();
      const departures = range(0, 15).map((shard): RosterTask => ({ step: 'departures', rosterId, shard }));
      expect((await runStepHandler(departures.slice(0, 8))).batchItemFailures).toEqual([]);
      expect((await runStepHandler(departures.slice(8))).batchItemFailures).toEqual([]);
    } finally {
      await province.startPollers();
    }
    const done = await finished('flight', rosterId);
    expect(done.rows).toMatchObject({ created: 0, updated: 0, unchanged: 1, departed: 2 });
    expect((await asPartner('flight', 'GET', '/v1/riders/r-1')).body.status).toBe('active');
    expect((await asPartner('flight', 'GET', '/v1/riders/r-3')).body.status).toBe('departed');
  });

  it('keeps two partners\' rosters apart while they are applied at the same time, even with the same rider ids', { timeout: 120_000 }, async () => {
    const [left, right] = await Promise.all([
      send('left', 'snapshot', chunked(range(1, 60).map((n) => rider(n, { station: '左站' })), 20)).then((id) => finished('left', id)),
      send('right', 'snapshot', chunked(range(1, 60).map((n) => rider(n, { station: '右站', regionCode: '350206' })), 20)).then((id) => finished('right', id)),
    ]);
    expect(left.rows).toMatchObject({ created: 60, departed: 0 });
    expect(right.rows).toMatchObject({ created: 60, departed: 0 });
    expect((await asPartner('left', 'GET', '/v1/riders/r-7')).body).toMatchObject({ station: '左站', regionCode: '350203' });
    expect((await asPartner('right', 'GET', '/v1/riders/r-7')).body).toMatchObject({ station: '右站', regionCode: '350206' });

    const [leftAgain, rightAgain] = await Promise.all([
      send('left', 'snapshot', [range(1, 40).map((n) => rider(n, { station: '左站' }))]).then((id) => finished('left', id)),
      send('right', 'delta', [[rider(61, { station: '右站', regionCode: '350206' })]]).then((id) => finished('right', id)),
    ]);
    expect(leftAgain.rows).toMatchObject({ unchanged: 40, departed: 20 });
    expect(rightAgain.rows).toMatchObject({ created: 1, departed: 0 });
    expect((await asPartner('left', 'GET', '/v1/riders/r-50')).body.status).toBe('departed');
    expect((await asPartner('right', 'GET', '/v1/riders/r-50')).body.status).toBe('active');
  });
});
