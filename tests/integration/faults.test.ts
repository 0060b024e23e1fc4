import { GetQueueAttributesCommand, PurgeQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { redrive } from '../../cli/dlq.js';
import { envelope } from '../../events/envelope.js';
import { OrgCreatedV1 } from '../../events/org-created.v1.js';
import type { ConsumerName } from '../../functions/services.js';
import { runCli } from '../helpers/admin-cli.js';
import { faultyDynamo, type FaultyDynamo } from '../helpers/dynamodb-faults.js';
import { rosterRow, validCreditCode } from '../helpers/identity.js';
import { activeMember } from '../helpers/members.js';
import { eventually, startTestProvince, type ApiResponse, type TestProvince, testEngines } from '../helpers/province.js';
import { wishBody, wishWorld, type WishWorld } from '../helpers/wishes.js';

/**
 * Fault injection through the whole local province: consumers that die after their writes and
 * before acknowledging, DynamoDB that throttles whole requests and parts of batches (a proxy in
 * front of DynamoDB Local answers as DynamoDB does under load), and a consumer bug whose
 * messages wait in the dead-letter queue until a fix and a redrive. Every effect must be applied
 * exactly once and no event lost. (The relay dying between the state write and the publish is
 * relay-faults.test.ts.)
 */

let province: TestProvince;
let dynamo: FaultyDynamo;
let world: WishWorld;
let sqs: SQSClient;

/** What the consumers do wrong at the moment. */
const sabotage: {
  /** Die after the consumer's writes, before the batch is acknowledged, when every message in it is on its first delivery. */
  dieBeforeAck: boolean;
  /** A bug: the named consumer fails on the messages this picks (the rest of their batch goes through). */
  bug?: { consumer: ConsumerName; fails: (event: { type: string; data: Record<string, unknown> }) => boolean };
} = { dieBeforeAck: false };
const died = new Set<ConsumerName>();

beforeAll(async () => {
  dynamo = await faultyDynamo(testEngines().dynamodb);
  province = await startTestProvince({
    dynamodbEndpoint: dynamo.url,
    // Redeliveries after a second, not the topology's minutes.
    queues: { visibilityTimeoutSeconds: 1 },
    consumer: (name, consume) => async (event: SQSEvent) => {
      const buggy = event.Records.filter((record) => sabotage.bug?.consumer === name && sabotage.bug.fails(JSON.parse(record.body)));
      const healthy = event.Records.filter((record) => !buggy.includes(record));
      const result: SQSBatchResponse = (healthy.length > 0 ? await consume({ Records: healthy }) : undefined) ?? { batchItemFailures: [] };
      if (sabotage.dieBeforeAck && event.Records.every((record) => record.attributes.ApproximateReceiveCount === '1')) {
        died.add(name);
        throw new Error(`${name} died before acknowledging its batch`);
      }
      return { batchItemFailures: [...result.batchItemFailures, ...buggy.map((record) => ({ itemIdentifier: record.messageId }))] };
    },
  });
  world = await wishWorld(province);
  sqs = new SQSClient({ endpoint: province.env.AWS_ENDPOINT_URL_SQS });
}, 60_000);

afterAll(async () => {
  await province?.stop();
  await dynamo?.close();
  sqs?.destroy();
});

beforeEach(() => {
  sabotage.dieBeforeAck = false;
  delete sabotage.bug;
  dynamo.inject(undefined);
});

const statsOf = async (org: 'siming' | 'xiamen') => (await world.bearer(world.staff[org], 'GET', `/v1/orgs/${world.orgs[org]}/stats`)).body;
const ok = (response: ApiResponse, status = 200) => {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
};

describe('consumers that die after their writes and before acknowledging', () => {
  it('apply every effect once when their batches come back', async () => {
    sabotage.dieBeforeAck = true;
    // An org created now reaches the membership service by an event whose first delivery dies.
    const station = ok(await world.bearer(world.admin, 'POST', '/v1/orgs', { name: '莲前驿站联合工会', kind: 'joint_union', parentId: world.orgs.siming, regionCode: '350203' }), 201);
    const members = [];
    for (let i = 0; i < 3; i++) members.push(await activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming }));
    const campaign = await world.campaign();
    const wishIds: string[] = [];
    for (const member of members) {
      const wish = ok(await world.bearer(member.token, 'POST', `/v1/campaigns/${campaign.id}/wishes`, wishBody({ valueFen: 20_000 })), 201);
      ok(await world.bearer(world.staff.siming, 'POST', `/v1/wishes/${wish.id}/approve`));
      wishIds.push(wish.id);
    }
    const donor = await world.donor('断电爱心公司');
    for (const wishId of wishIds.slice(0, 2)) ok(await world.keyed(donor.apiKey, 'POST', `/v1/wishes/${wishId}/claim`));
    ok(await world.keyed(donor.apiKey, 'POST', `/v1/wishes/${wishIds[0]}/deliver`, { note: '送到工会', to: 'org' }));
    ok(await world.bearer(members[0]!.token, 'POST', `/v1/wishes/${wishIds[0]}/confirm`, { thanks: '谢谢' }));
    await province.settled(60_000);

    expect([...died]).toEqual(expect.arrayContaining(['statsProjector', 'wishesProjector', 'wishesMembersProjector', 'membershipOrgProjector']));
    expect(ok(await world.bearer(world.staff.siming, 'GET', `/v1/orgs/${station.id}/memberships`)).items).toEqual([]);
    for (const org of ['siming', 'xiamen'] as const) {
      const stats = await statsOf(org);
      expect(stats.subtree.active).toBe(3);
      expect(stats.wishes).toEqual({ fulfilled: 1, fulfilledByMonth: expect.any(Array), valueFen: 20_000, fundedByUnionFen: 0 });
      expect(stats.wishes.fulfilledByMonth.reduce((sum: number, n: number) => sum + n, 0)).toBe(1);
    }
    const counts = ok(await world.bearer(world.staff.siming, 'GET', `/v1/campaigns/${campaign.id}`)).counts;
    expect(counts).toMatchObject({ pending_review: 0, open: 1, claimed: 1, delivered: 0, fulfilled: 1 });
    // Each wish move the worker is told about is in their inbox once: opened, claimed, delivered for the first.
    const inbox = ok(await world.bearer(members[0]!.token, 'GET', '/v1/notifications/me')).items.map((note: { type: string }) => note.type);
    expect(inbox.sort()).toEqual(['WishClaimed', 'WishDelivered', 'WishOpened']);
  }, 120_000);
});

describe('DynamoDB throttling whole requests and parts of batches', () => {
  it('loses and doubles nothing: a roster applies exactly, members and claims count once, and no answer is a 5xx', async () => {
    let calls = 0;
    // Half of every other batch left unprocessed; every third first try of any other call throttled (the SDK retries it).
    dynamo.inject(({ operation, attempt }) => {
      calls++;
      if (operation === 'BatchWriteItem' || operation === 'BatchGetItem') return calls % 2 === 0 ? 'half' : undefined;
      return attempt === 1 && calls % 3 === 0 ? 'throttle' : undefined;
    });
    const account = ok(await world.bearer(world.admin, 'POST', '/v1/accounts', { kind: 'partner', name: '节流配送平台', creditCode: validCreditCode(901) }), 201);
    const asPartner = (method: string, path: string, body?: unknown) => province.request(method, path, { body, headers: { 'x-api-key': account.apiKey } });
    const rows = Array.from({ length: 120 }, (_, i) => rosterRow(9000 + i));
    const roster = ok(await asPartner('POST', '/v1/rosters', { mode: 'snapshot', asOf: new Date().toISOString() }), 201);
    for (let seq = 1; seq <= 3; seq++) ok(await asPartner('PUT', `/v1/rosters/${roster.id}/chunks/${seq}`, { rows: rows.slice((seq - 1) * 40, seq * 40) }), 202);
    ok(await asPartner('POST', `/v1/rosters/${roster.id}/complete`, { chunks: 3 }), 202);
    const member = await activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming });
    const campaign = await world.campaign({ quota: 10 });
    const wish = ok(await world.bearer(member.token, 'POST', `/v1/campaigns/${campaign.id}/wishes`, wishBody()), 201);
    ok(await world.bearer(world.staff.siming, 'POST', `/v1/wishes/${wish.id}/approve`));
    const donor = await world.donor('节流爱心公司');
    const claims = ok(await world.keyed(donor.apiKey, 'POST', '/v1/wishes/claims', { wishIds: [wish.id] }));
    expect(claims.items).toEqual([expect.objectContaining({ wishId: wish.id, status: 'claimed' })]);

    const done = await eventually(async () => {
      const state = ok(await asPartner('GET', `/v1/rosters/${roster.id}`));
      return state.status === 'completed' ? state : undefined;
    }, 90_000);
    expect(done.rows).toMatchObject({ received: 120, accepted: 120, rejected: 0, created: 120, updated: 0, unchanged: 0 });
    await province.settled(60_000);
    expect(dynamo.injected.get('BatchWriteItem half')).toBeGreaterThan(0);
    expect(dynamo.injected.get('BatchGetItem half')).toBeGreaterThan(0);
    const throttled = [...dynamo.injected].filter(([key]) => key.endsWith('throttle')).reduce((sum, [, count]) => sum + count, 0);
    expect(throttled).toBeGreaterThan(10);
    expect(dynamo.injected.get('TransactWriteItems throttle')).toBeGreaterThan(0);
    expect(ok(await world.keyed(donor.apiKey, 'GET', '/v1/donors/me/gifts')).claims.open).toBe(1);
    expect(ok(await world.bearer(world.staff.siming, 'GET', `/v1/campaigns/${campaign.id}`)).counts).toMatchObject({ open: 0, claimed: 1 });

    // The same snapshot again changes nothing, read through the same faults.
    const again = ok(await asPartner('POST', '/v1/rosters', { mode: 'snapshot', asOf: new Date().toISOString() }), 201);
    for (let seq = 1; seq <= 3; seq++) ok(await asPartner('PUT', `/v1/rosters/${again.id}/chunks/${seq}`, { rows: rows.slice((seq - 1) * 40, seq * 40) }), 202);
    ok(await asPartner('POST', `/v1/rosters/${again.id}/complete`, { chunks: 3 }), 202);
    const unchanged = await eventually(async () => {
      const state = ok(await asPartner('GET', `/v1/rosters/${again.id}`));
      return state.status === 'completed' ? state : undefined;
    }, 90_000);
    expect(unchanged.rows).toMatchObject({ received: 120, created: 0, updated: 0, unchanged: 120, departed: 0 });
  }, 240_000);

  it('answers 503 problem+json with Retry-After when the throttling outlasts the retries, writes nothing, and the retry with the same key succeeds', async () => {
    dynamo.inject(({ operation }) => (operation === 'TransactWriteItems' ? 'throttle' : undefined));
    const body = { name: '繁忙时段工会', kind: 'federation', parentId: world.orgs.siming, regionCode: '350203' };
    const headers = { authorization: `Bearer ${world.admin}`, 'idempotency-key': 'busy-org-1' };
    const busy = await province.request('POST', '/v1/orgs', { body, headers });
    expect(busy.status).toBe(503);
    expect(busy.headers.get('content-type')).toContain('application/problem+json');
    expect(busy.headers.get('retry-after')).toBe('1');
    expect(busy.body).toMatchObject({ status: 503, title: 'Service busy' });
    const children = ok(await world.bearer(world.admin, 'GET', `/v1/orgs/${world.orgs.siming}/children`)).items;
    expect(children.map((org: { name: string }) => org.name)).not.toContain(body.name);

    dynamo.inject(undefined);
    const created = ok(await province.request('POST', '/v1/orgs', { body, headers }), 201);
    expect(created.name).toBe(body.name);
  }, 60_000);
});

describe('a consumer bug', () => {
  it('applies the good messages of a batch and moves a poison one to the DLQ after maxReceiveCount', async () => {
    const { queueUrl, dlqUrl } = province.queues.statsProjector!;
    const orgCreated = (orgId: string) =>
      envelope(OrgCreatedV1, { orgId, name: '测试工会', kind: 'joint_union', parentId: 'org_parent', ancestors: ['org_parent'], regionCode: '350203' }, { province: '35', now: new Date() });
    const good = [orgCreated('org_good1'), orgCreated('org_good2')];
    // Fails the event's schema: no consumer code can apply it.
    const poison = { ...orgCreated('org_poison'), data: { orgId: 'org_poison' } };
    for (const event of [good[0], poison, good[1]]) await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(event) }));

    for (const event of good) {
      const stats = await eventually(async () => {
        const response = await world.bearer(world.admin, 'GET', `/v1/orgs/${event.data.orgId}/stats`);
        return response.status === 200 ? response.body : undefined;
      });
      expect(stats.orgId).toBe(event.data.orgId);
    }
    const deadLetter = await eventually(async () => {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }));
      return Messages.length > 0 ? Messages : undefined;
    }, 20_000);
    expect(deadLetter.map((message) => JSON.parse(message.Body!).id)).toEqual([poison.id]);
    expect(Number(deadLetter[0]!.Attributes!.ApproximateReceiveCount)).toBeGreaterThanOrEqual(5);
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    expect(Number(Attributes!.ApproximateNumberOfMessages) + Number(Attributes!.ApproximateNumberOfMessagesNotVisible)).toBe(0);
    // The poison stays poison: it is dropped, not redriven.
    await sqs.send(new PurgeQueueCommand({ QueueUrl: dlqUrl }));
  }, 60_000);

  it('sends only the failing message to the dead-letter queue, and after the fix a redrive applies it once', async () => {
    const BUGGY = '有缺陷的工会';
    sabotage.bug = { consumer: 'statsProjector', fails: (event) => event.type === 'OrgCreated' && event.data.name === BUGGY };
    const buggy = ok(await world.bearer(world.admin, 'POST', '/v1/orgs', { name: BUGGY, kind: 'federation', parentId: world.orgs.xiamen, regionCode: '350200' }), 201);
    const healthy = ok(await world.bearer(world.admin, 'POST', '/v1/orgs', { name: '健康的工会', kind: 'federation', parentId: world.orgs.xiamen, regionCode: '350200' }), 201);
    await eventually(async () => ((await world.bearer(world.admin, 'GET', `/v1/orgs/${healthy.id}/stats`)).status === 200 ? true : undefined), 20_000);

    const { queueUrl, dlqUrl } = province.queues.statsProjector!;
    // Five receives a second apart, then the queue's redrive policy moves it.
    await eventually(async () => {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 0 }));
      return Messages.some((message) => JSON.parse(message.Body!).data.orgId === buggy.id) ? true : undefined;
    }, 30_000);
    expect((await world.bearer(world.admin, 'GET', `/v1/orgs/${buggy.id}/stats`)).status).toBe(404);

    // The admin lists what waits, then redrives it once the fix is deployed.
    const dlq = (command: string) => runCli(['dlq', command, 'statsProjector', '--queue-url', queueUrl, '--dlq-url', dlqUrl, '--json'], { UNION_SQS_ENDPOINT: province.env.AWS_ENDPOINT_URL_SQS });
    const listed = await dlq('list');
    expect(listed.code).toBe(0);
    expect(listed.json().items).toEqual([expect.objectContaining({ type: 'OrgCreated', deadLetteredAt: expect.any(String) })]);
    expect(JSON.parse(listed.json().items[0].body).data.orgId).toBe(buggy.id);
    delete sabotage.bug; // the fix is deployed
    expect((await dlq('redrive')).json()).toEqual({ consumer: 'statsProjector', moved: 1, failed: 0 });
    const stats = await eventually(async () => {
      const response = await world.bearer(world.admin, 'GET', `/v1/orgs/${buggy.id}/stats`);
      return response.status === 200 ? response.body : undefined;
    }, 20_000);
    expect(stats.orgId).toBe(buggy.id);
    await province.settled(30_000);
    expect(await redrive(sqs, { dlqUrl, queueUrl })).toEqual({ moved: 0, failed: 0 });
  }, 90_000);
});
