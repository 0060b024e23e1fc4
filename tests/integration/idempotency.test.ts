import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableEnvVar } from '../../shared/config.js';
import { makeDynamoIdempotencyStore } from '../../shared/http/idempotency-store.js';
import type { IdempotencyStore, InProgressRecord } from '../../shared/http/idempotency.js';
import { LOCAL_AWS_ENV } from '../../local/engines.js';
import { validCreditCode } from '../helpers/identity.js';
import { eventually, startTestProvince, type ApiResponse, type TestProvince, testEngines } from '../helpers/province.js';

let province: TestProvince;
let store: IdempotencyStore;
let client: DynamoDBDocumentClient;
let partnerKey: string;
const tokens: Record<string, string> = {};
let root: { id: string };
let orgA: { id: string };
let orgB: { id: string };

const as = (who: string, method: string, path: string, body?: unknown, key?: string) =>
  province.request(method, path, { body, headers: { authorization: `Bearer ${tokens[who]}`, ...(key === undefined ? {} : { 'idempotency-key': key }) } });

const expectProblem = (response: ApiResponse, status: number) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status, title: expect.any(String), type: expect.any(String), detail: expect.any(String) });
};

const childrenNamed = async (parentId: string, name: string) =>
  ((await as('admin1', 'GET', `/v1/orgs/${parentId}/children?limit=100`)).body.items as { id: string; name: string }[]).filter((org) => org.name === name);

/** The org a join-link token names: its payload is base64url JSON before the signature. */
const orgOfToken = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')).orgId as string;

beforeAll(async () => {
  province = await startTestProvince();
  for (const who of ['admin1', 'admin2', 'admin3']) tokens[who] = await province.token({ role: 'province_admin', sub: who });
  root = (await as('admin1', 'POST', '/v1/orgs', { name: '福建省总工会', kind: 'federation', parentId: null, regionCode: '350000' })).body;
  orgA = (await as('admin1', 'POST', '/v1/orgs', { name: '厦门市总工会', kind: 'federation', parentId: root.id, regionCode: '350200' })).body;
  orgB = (await as('admin1', 'POST', '/v1/orgs', { name: '福州市总工会', kind: 'federation', parentId: root.id, regionCode: '350100' })).body;
  partnerKey = (await as('admin1', 'POST', '/v1/accounts', { kind: 'partner', name: '闽送即配', creditCode: validCreditCode(901) })).body.apiKey;
  client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: testEngines().dynamodb, region: LOCAL_AWS_ENV.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  store = makeDynamoIdempotencyStore({ client, tableName: province.env[tableEnvVar('idempotency')]! });
});

afterAll(async () => {
  await province?.stop();
});

describe('Idempotency-Key on POST /v1/orgs', () => {
  it('creates one org for six simultaneous requests: the same answer for each success, 409 with Retry-After for the rest', async () => {
    const body = { name: '并发街道联合工会', kind: 'joint_union', parentId: orgA.id, regionCode: '350203' };
    const key = randomUUID();

    const answers = await Promise.all(Array.from({ length: 6 }, () => as('admin1', 'POST', '/v1/orgs', body, key)));

    const created = await childrenNamed(orgA.id, body.name);
    expect(created).toHaveLength(1);
    const successes = answers.filter((answer) => answer.status === 201);
    expect(successes.length).toBeGreaterThanOrEqual(1);
    for (const success of successes) expect(success.body).toEqual({ ...body, id: created[0]!.id });
    for (const other of answers.filter((answer) => answer.status !== 201)) {
      expectProblem(other, 409);
      expect(Number(other.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Once the first has answered, a retry is its answer, marked as a replay.
    const retry = await as('admin1', 'POST', '/v1/orgs', body, key);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual({ ...body, id: created[0]!.id });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await childrenNamed(orgA.id, body.name)).toHaveLength(1);
  });

  it('refuses the same key with another body with 422 and creates nothing', async () => {
    const body = { name: '复用街道联合工会', kind: 'joint_union', parentId: orgA.id, regionCode: '350203' };
    const key = randomUUID();
    expect((await as('admin1', 'POST', '/v1/orgs', body, key)).status).toBe(201);

    const reused = await as('admin1', 'POST', '/v1/orgs', { ...body, name: '另一个联合工会' }, key);

    expectProblem(reused, 422);
    expect(await childrenNamed(orgA.id, '另一个联合工会')).toHaveLength(0);
  });

  it('gives another caller with the same key and body its own org', async () => {
    const body = { name: '两人街道联合工会', kind: 'joint_union', parentId: orgA.id, regionCode: '350203' };
    const key = randomUUID();

    const first = await as('admin1', 'POST', '/v1/orgs', body, key);
    const second = await as('admin2', 'POST', '/v1/orgs', body, key);

    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).not.toBe(first.body.id);
    expect((await childrenNamed(orgA.id, body.name)).map((org) => org.id).sort()).toEqual([first.body.id, second.body.id].sort());
  });

  it('does not keep a refusal: after a 404 the same key with a corrected body creates the org, once', async () => {
    const body = { name: '更正街道联合工会', kind: 'joint_union', parentId: orgA.id, regionCode: '350203' };
    const key = randomUUID();

    expectProblem(await as('admin1', 'POST', '/v1/orgs', { ...body, parentId: 'org_missing' }, key), 404);
    const corrected = await as('admin1', 'POST', '/v1/orgs', body, key);
    const retried = await as('admin1', 'POST', '/v1/orgs', body, key);

    expect(corrected.status).toBe(201);
    expect(retried.body).toEqual(corrected.body);
    expect(await childrenNamed(orgA.id, body.name)).toHaveLength(1);
  });

  it('refuses a key that is not 1-255 visible ASCII characters, naming the header', async () => {
    const body = { name: '坏键街道联合工会', kind: 'joint_union', parentId: orgA.id, regionCode: '350203' };
    for (const key of ['', 'has space', 'x'.repeat(256)]) {
      const response = await as('admin1', 'POST', '/v1/orgs', body, key);
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([{ path: 'header.idempotency-key', message: expect.any(String) }]);
    }
    expect((await as('admin1', 'POST', '/v1/orgs', body, 'x'.repeat(255))).status).toBe(201);
  });
});

describe('Idempotency-Key on POST /v1/rosters', () => {
  it('opens one roster for six simultaneous uploads with one key (the reported duplicate)', async () => {
    const body = { mode: 'snapshot', asOf: '2026-11-23T00:00:00+08:00' };
    const key = randomUUID();
    const send = () => province.request('POST', '/v1/rosters', { body, headers: { 'x-api-key': partnerKey, 'idempotency-key': key } });

    const answers = await Promise.all(Array.from({ length: 6 }, send));

    // No list route for rosters yet: the table itself says how many this file's partner opened.
    const { Items = [] } = await client.send(new ScanCommand({ TableName: province.env[tableEnvVar('rosters')]! }));
    const rosters = Items.filter((item) => item.sk === 'ROSTER');
    expect(rosters).toHaveLength(1);
    const successes = answers.filter((answer) => answer.status === 201);
    expect(successes.length).toBeGreaterThanOrEqual(1);
    for (const success of successes) expect(`ROSTER#${success.body.id}`).toBe(rosters[0]!.pk);
    for (const other of answers.filter((answer) => answer.status !== 201)) {
      expectProblem(other, 409);
      expect(Number(other.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect((await send()).body).toEqual(successes[0]!.body);
  });
});

describe('Idempotency-Key on POST /v1/orgs/{orgId}/join-links', () => {
  it('scopes a key to the concrete path: the same key for another org signs that org\'s link', async () => {
    // The membership service learns of orgs by event: wait until it signs links for both.
    for (const org of [orgA, orgB]) await eventually(async () => ((await as('admin1', 'POST', `/v1/orgs/${org.id}/join-links`, {})).status === 201 ? true : undefined));
    const key = randomUUID();

    const forA = await as('admin1', 'POST', `/v1/orgs/${orgA.id}/join-links`, { expiresInDays: 7 }, key);
    const forB = await as('admin1', 'POST', `/v1/orgs/${orgB.id}/join-links`, { expiresInDays: 7 }, key);
    const retryA = await as('admin1', 'POST', `/v1/orgs/${orgA.id}/join-links`, { expiresInDays: 7 }, key);

    expect([forA.status, forB.status, retryA.status]).toEqual([201, 201, 201]);
    expect(orgOfToken(forA.body.token)).toBe(orgA.id);
    expect(orgOfToken(forB.body.token)).toBe(orgB.id);
    expect(retryA.body).toEqual(forA.body);
  });
});

describe('DynamoDB idempotency store', () => {
  const record = (overrides: Partial<InProgressRecord> = {}): InProgressRecord => ({
    id: `rec-${randomUUID()}`,
    caller: 'worker:w-1',
    owner: randomUUID(),
    salt: 'c2FsdA',
    fingerprint: 'fp',
    expiresAt: 1_000_015,
    status: 'in_progress',
    ...overrides,
  });

  it('begin() writes once for simultaneous calls and returns the winner to the others', async () => {
    const id = `rec-${randomUUID()}`;
    const contenders = Array.from({ length: 6 }, () => record({ id }));

    const outcomes = await Promise.all(contenders.map((contender) => store.begin(contender, 1_000_000)));

    const winners = outcomes.filter((outcome) => outcome === undefined);
    expect(winners).toHaveLength(1);
    const winner = contenders[outcomes.indexOf(undefined)]!;
    for (const outcome of outcomes.filter((o) => o !== undefined)) expect(outcome).toEqual(winner);
  });

  it('begin() takes over an expired record, after which the first owner can neither complete nor release it', async () => {
    const first = record();
    const second = record({ id: first.id, expiresAt: 1_000_030 });
    expect(await store.begin(first, 1_000_000)).toBeUndefined();
    expect(await store.begin(second, 1_000_014)).toEqual(first);

    expect(await store.begin(second, 1_000_015)).toBeUndefined();

    expect(await store.complete(first.id, first.owner, { statusCode: 201, body: '{"late":true}' }, 1_086_400)).toBe(false);
    expect(await store.release(first.id, first.owner)).toBe(false);
    expect(await store.complete(second.id, second.owner, { statusCode: 201, body: '{}' }, 1_086_400)).toBe(true);
    expect(await store.begin(record({ id: first.id }), 1_000_016)).toMatchObject({ status: 'completed', owner: second.owner, response: { statusCode: 201, body: '{}' } });
  });

  it('forgetCaller() deletes every record of that caller and none of another\'s', async () => {
    const caller = `worker:${randomUUID()}`;
    const mine = [record({ caller }), record({ caller }), record({ caller })];
    const theirs = record({ caller: `worker:${randomUUID()}` });
    for (const r of [...mine, theirs]) await store.begin(r, 1_000_000);
    await store.complete(mine[0]!.id, mine[0]!.owner, { statusCode: 201, body: '{}' }, 1_086_400);

    expect(await store.forgetCaller(caller)).toBe(3);

    for (const r of mine) expect(await store.begin(record({ id: r.id, caller }), 1_000_001)).toBeUndefined();
    expect(await store.begin(record({ id: theirs.id }), 1_000_001)).toEqual(theirs);
  });

  it('forgetCaller() of an API caller means its next request with an old key runs afresh', async () => {
    const body = { name: '遗忘街道联合工会', kind: 'joint_union', parentId: orgA.id, regionCode: '350203' };
    const key = randomUUID();
    const first = await as('admin3', 'POST', '/v1/orgs', body, key);
    expect(first.status).toBe(201);

    expect(await store.forgetCaller('province_admin:admin3')).toBe(1);

    const again = await as('admin3', 'POST', '/v1/orgs', body, key);
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(first.body.id);
  });
});
