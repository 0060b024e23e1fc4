import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../local/functions.js';
import { OrgCreatedV1 } from '../../events/org-created.v1.js';
import { outboxEntry } from '../../functions/outbox/domain/outbox-record.js';
import { SWEEP_GRACE_MINUTES } from '../../functions/outbox/domain/sweep.js';
import { OUTBOX_RETENTION_SECONDS } from '../../shared/outbox.js';
import { outboxReader } from '../helpers/outbox.js';
import { eventually, startTestProvince, type TestProvince } from '../helpers/province.js';

// Each test starts handlers cold and waits on several pollers; shared CI machines are slow.
const SLOW_MACHINE_MS = 60_000;
const afterGrace = () => new Date(Date.now() + (SWEEP_GRACE_MINUTES + 1) * 60_000);

describe('the outbox sweep', () => {
  let province: TestProvince;
  let outbox: ReturnType<typeof outboxReader>;
  let admin: string;
  let rootId = '';
  /** While set, the relay loses what it is given, as the stream does with a batch it gave up on. */
  let losing = false;
  const lost: string[] = [];

  beforeAll(async () => {
    province = await startTestProvince({
      relay: async (event: { Records: DynamoDBRecord[] }) => {
        if (!losing) return invoke<DynamoDBBatchResponse>('outbox/relay', event, 30);
        lost.push(...event.Records.flatMap((record) => outboxEntry(record)?.events.map(({ id }) => id) ?? []));
        return { batchItemFailures: [] };
      },
    });
    outbox = outboxReader(province);
    admin = await province.token({ role: 'province_admin', sub: 'admin' });
  });

  afterAll(async () => {
    outbox?.destroy();
    await province?.stop();
  });

  const statsOf = async (orgId: string) =>
    (await province.request('GET', `/v1/orgs/${orgId}/stats`, { headers: { authorization: `Bearer ${admin}` } })).status;
  const createOrg = async (body: Record<string, unknown>) => {
    const response = await province.request('POST', '/v1/orgs', { body, headers: { authorization: `Bearer ${admin}` } });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const sweep = (time: Date) => province.runSchedule('outboxSweep', time) as Promise<{ published: number; failed: number; more: boolean }>;

  it('delivers an event the relay lost once the grace period is over, and keeps it unexpiring until then', async () => {
    losing = true;
    rootId = await createOrg({ name: '福建省总工会', kind: 'federation', parentId: null, regionCode: '350000' });
    const item = await outbox.ofOrg(OrgCreatedV1.type, rootId);
    expect(item).toBeDefined();
    await eventually(async () => (lost.includes(item!.event.id) ? true : undefined));
    losing = false;

    // The stream has moved past it; the item waits in the sweep's index, with no TTL.
    expect(await statsOf(rootId)).toBe(404);
    const waiting = (await outbox.ofOrg(OrgCreatedV1.type, rootId))!;
    expect(waiting).toMatchObject({ outboxState: expect.stringMatching(/^unpublished#/), unpublishedSince: item!.event.occurredAt });
    expect(waiting).not.toHaveProperty('expiresAt');
    expect(waiting).not.toHaveProperty('publishedAt');

    // Within the grace period the relay may still be on it: the sweep leaves it.
    expect(await sweep(new Date())).toEqual({ published: 0, failed: 0, more: false });

    const sweptAt = afterGrace();
    expect(await sweep(sweptAt)).toEqual({ published: 1, failed: 0, more: false });
    await eventually(async () => ((await statsOf(rootId)) === 200 ? true : undefined));

    const published = (await outbox.ofOrg(OrgCreatedV1.type, rootId))!;
    expect(published).not.toHaveProperty('outboxState');
    expect(published).not.toHaveProperty('unpublishedSince');
    expect(published).toMatchObject({ publishedAt: sweptAt.toISOString(), expiresAt: Math.floor(sweptAt.getTime() / 1000) + OUTBOX_RETENTION_SECONDS });
  }, SLOW_MACHINE_MS);

  it('does not republish what the relay published, which expires a week after publication', async () => {
    const startedAt = Date.now();
    const cityId = await createOrg({ name: '福州市总工会', kind: 'federation', parentId: rootId, regionCode: '350100' });
    await eventually(async () => ((await statsOf(cityId)) === 200 ? true : undefined));
    // Wait for the relay's marks on everything written so far (consumers may write events too).
    const items = await eventually(async () => {
      const all = await outbox.all();
      return all.every((item) => item.publishedAt !== undefined) ? all : undefined;
    });

    const city = items.find((item) => item.event.type === OrgCreatedV1.type && (item.event.data as { orgId: string }).orgId === cityId)!;
    expect(city).not.toHaveProperty('outboxState');
    expect(Date.parse(city.publishedAt as string)).toBeGreaterThanOrEqual(startedAt);
    expect(city.expiresAt).toBe(Math.floor(Date.parse(city.publishedAt as string) / 1000) + OUTBOX_RETENTION_SECONDS);

    expect(await sweep(afterGrace())).toEqual({ published: 0, failed: 0, more: false });
  }, SLOW_MACHINE_MS);
});
