import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validCreditCode } from '../helpers/identity.js';
import { startTestProvince, type TestProvince } from '../helpers/province.js';

let province: TestProvince;
let admin: string;
let seed = 1;

const asAdmin = (method: string, path: string, body?: unknown) =>
  province.request(method, path, { body, headers: { authorization: `Bearer ${admin}` } });
const withKey = (apiKey: string, method: string, path: string) => province.request(method, path, { headers: { 'x-api-key': apiKey } });
const newAccount = (kind: string) => asAdmin('POST', '/v1/accounts', { kind, name: '闽送即配网络科技有限公司', creditCode: validCreditCode(seed++) });

beforeAll(async () => {
  province = await startTestProvince({ pollers: false });
  admin = await province.token({ role: 'province_admin', sub: 'admin' });
});

afterAll(async () => {
  await province?.stop();
});

describe('POST /v1/accounts', () => {
  it('creates an account and shows its API key once', async () => {
    const response = await newAccount('partner');
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: expect.stringMatching(/^acc_/), kind: 'partner', name: '闽送即配网络科技有限公司', tier: 'standard', apiKey: expect.stringMatching(/^ugk_/) });
    const me = await withKey(response.body.apiKey, 'GET', '/v1/accounts/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: response.body.id, kind: 'partner', name: '闽送即配网络科技有限公司', tier: 'standard' });
  });

  it('stores only the hash of the key', async () => {
    const { apiKey } = (await newAccount('donor')).body;
    const client = new DynamoDBClient({ endpoint: province.env.AWS_ENDPOINT_URL_DYNAMODB });
    const { Items = [] } = await client.send(new ScanCommand({ TableName: province.env.TABLE_ACCOUNTS }));
    client.destroy();
    expect(Items.length).toBeGreaterThan(0);
    expect(JSON.stringify(Items)).not.toContain(apiKey);
  });

  it('refuses a credit code with a wrong check character, naming the field', async () => {
    const code = validCreditCode(99);
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    const response = await asAdmin('POST', '/v1/accounts', { kind: 'donor', name: '某公司', creditCode: wrong });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'body.creditCode', message: expect.any(String) }]);
  });

  it('refuses a second account of the same kind for one credit code with 409', async () => {
    const creditCode = validCreditCode(5000);
    const first = await asAdmin('POST', '/v1/accounts', { kind: 'employer', name: '厦门海湾家政服务有限公司', creditCode });
    const second = await asAdmin('POST', '/v1/accounts', { kind: 'employer', name: '厦门海湾家政服务有限公司', creditCode });
    expect(first.status).toBe(201);
    expect(second.status).toBe(409);
  });

  it('is for the province admin only', async () => {
    const orgAdmin = await province.token({ role: 'org_admin', sub: 'staff', orgId: 'org_x' });
    const response = await province.request('POST', '/v1/accounts', {
      body: { kind: 'donor', name: '某公司', creditCode: validCreditCode(7) },
      headers: { authorization: `Bearer ${orgAdmin}` },
    });
    expect(response.status).toBe(403);
  });
});

describe('POST /v1/accounts/{id}/keys', () => {
  it('issues a new key and revokes the previous one', async () => {
    const account = (await newAccount('employer')).body;
    const rotated = await asAdmin('POST', `/v1/accounts/${account.id}/keys`);
    expect(rotated.status).toBe(201);
    expect(rotated.body.apiKey).not.toBe(account.apiKey);
    expect((await withKey(account.apiKey, 'GET', '/v1/accounts/me')).status).toBe(401);
    expect((await withKey(rotated.body.apiKey, 'GET', '/v1/accounts/me')).status).toBe(200);
  });

  it('keeps the previous key working for the overlap asked for, and both keys act as the same account', async () => {
    const account = (await newAccount('partner')).body;
    const rotated = await asAdmin('POST', `/v1/accounts/${account.id}/keys`, { keepPreviousForHours: 24 });
    expect(rotated.status).toBe(201);
    const viaOld = await withKey(account.apiKey, 'GET', '/v1/accounts/me');
    const viaNew = await withKey(rotated.body.apiKey, 'GET', '/v1/accounts/me');
    expect([viaOld.status, viaNew.status]).toEqual([200, 200]);
    expect(viaOld.body).toEqual(viaNew.body);
  });

  it('stops every earlier key at once when asked for no overlap, even one still in an earlier overlap', async () => {
    const account = (await newAccount('donor')).body;
    const second = (await asAdmin('POST', `/v1/accounts/${account.id}/keys`, { keepPreviousForHours: 24 })).body.apiKey;
    expect((await withKey(account.apiKey, 'GET', '/v1/accounts/me')).status).toBe(200);
    const third = (await asAdmin('POST', `/v1/accounts/${account.id}/keys`, { keepPreviousForHours: 0 })).body.apiKey;
    expect((await withKey(second, 'GET', '/v1/accounts/me')).status).toBe(401);
    // A leaked key must not outlive an emergency rotation because an earlier one kept it.
    expect((await withKey(account.apiKey, 'GET', '/v1/accounts/me')).status).toBe(401);
    expect((await withKey(third, 'GET', '/v1/accounts/me')).status).toBe(200);
  });

  it('keeps a fleet on the oldest key working when a rotation with overlap is repeated by mistake', async () => {
    const account = (await newAccount('donor')).body;
    const second = (await asAdmin('POST', `/v1/accounts/${account.id}/keys`, { keepPreviousForHours: 24 })).body.apiKey;
    const third = (await asAdmin('POST', `/v1/accounts/${account.id}/keys`, { keepPreviousForHours: 24 })).body.apiKey;
    for (const key of [account.apiKey, second, third]) expect((await withKey(key, 'GET', '/v1/accounts/me')).status).toBe(200);
  });

  it('refuses an overlap beyond 72 hours, naming the field', async () => {
    const account = (await newAccount('employer')).body;
    const response = await asAdmin('POST', `/v1/accounts/${account.id}/keys`, { keepPreviousForHours: 73 });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual(['body.keepPreviousForHours']);
  });

  it('answers 404 for an unknown account', async () => {
    expect((await asAdmin('POST', '/v1/accounts/acc_missing/keys')).status).toBe(404);
  });
});

describe('GET /v1/accounts', () => {
  it('lists the accounts of one kind, page by page, without keys', async () => {
    const created = [];
    for (let i = 0; i < 3; i++) created.push((await asAdmin('POST', '/v1/accounts', { kind: 'employer', name: `雇主${i}有限公司`, creditCode: validCreditCode(7000 + i) })).body);
    const seen: { id: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await asAdmin('GET', `/v1/accounts?kind=employer&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.map((account) => account.id)).toEqual(expect.arrayContaining(created.map((account) => account.id)));
    expect(new Set(seen.map((account) => account.id)).size).toBe(seen.length);
    expect(seen.every((account: any) => account.kind === 'employer' && !('apiKey' in account) && !('keyHash' in account))).toBe(true);
  });

  it('needs the kind, and is for the province admin only', async () => {
    expect((await asAdmin('GET', '/v1/accounts')).status).toBe(400);
    const { apiKey } = (await newAccount('partner')).body;
    expect((await withKey(apiKey, 'GET', '/v1/accounts?kind=partner')).status).toBe(403);
  });
});

describe('API keys on other routes', () => {
  it('cannot reach staff routes (403)', async () => {
    const { apiKey } = (await newAccount('partner')).body;
    const response = await withKey(apiKey, 'GET', '/v1/orgs/org_any');
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
