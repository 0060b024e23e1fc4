import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProvince } from '../../local/runtime.js';
import { hashApiKey } from '../../shared/auth/api-key.js';
import { newLocalKeyring } from '../../shared/crypto/pii-vault.js';
import { documentClient } from '../../shared/dynamo.js';
import { validCreditCode } from '../helpers/identity.js';
import { startTestProvince, testEngines, type TestProvince } from '../helpers/province.js';

/**
 * An upgrade to per-account throttling locks out no account made before it: an account without
 * a usage key is refused the routes only accounts call with a problem that says why, and the
 * next start of the runtime on the kept tables (as `npm start` on a kept `.local`, and as
 * `npm run ops -- issue-usage-keys` after a deploy) gives it one, under the same API keys.
 */
const prefix = `t${randomUUID().slice(0, 8)}-`;
let province: TestProvince;
let admin: string;

beforeAll(async () => {
  province = await startTestProvince({ prefix, pollers: false });
  admin = await province.token({ role: 'province_admin', sub: 'admin' });
});

afterAll(async () => {
  await province?.stop();
});

const asAdmin = (method: string, path: string, body?: unknown) => province.request(method, path, { body, headers: { authorization: `Bearer ${admin}` } });
const me = (apiKey: string) => province.request('GET', '/v1/accounts/me', { headers: { 'x-api-key': apiKey } });
const item = async (key: { pk: string; sk: string }) => (await documentClient().send(new GetCommand({ TableName: province.env.TABLE_ACCOUNTS, Key: key }))).Item!;
const accountItem = (accountId: string) => item({ pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' });
const keyItem = (apiKey: string) => item({ pk: `APIKEY#${hashApiKey(apiKey)}`, sk: 'APIKEY' });

/** What an account and its keys looked like before usage keys existed. */
async function stripUsageKey(key: { pk: string; sk: string }) {
  await documentClient().send(new UpdateCommand({ TableName: province.env.TABLE_ACCOUNTS, Key: key, UpdateExpression: 'REMOVE usageKey' }));
}

/** Starts (and stops) another runtime on this file's tables, as a restart would; answers what it logged. */
async function restartOnKeptTables(): Promise<string[]> {
  const lines: string[] = [];
  const engines = testEngines();
  const restarted = await startProvince({
    dynamodbEndpoint: engines.dynamodb,
    sqsEndpoint: engines.sqs,
    prefix,
    provinceCode: '35',
    port: 0,
    issuer: province.issuer,
    keyring: newLocalKeyring(),
    authorizerCacheSeconds: 0,
    pollers: false,
    log: (line) => lines.push(line),
  });
  await restarted.stop();
  return lines;
}

describe('accounts created before usage keys', () => {
  it('are refused the account-only routes with a problem that says why, then work with the same API keys once the upgrade ran, and a second run issues nothing', async () => {
    const created = await asAdmin('POST', '/v1/accounts', { kind: 'partner', name: '闽送即配网络科技有限公司', creditCode: validCreditCode(8100) });
    expect(created.status).toBe(201);
    const { id, apiKey: previousKey } = created.body as { id: string; apiKey: string };
    // A fleet mid-rotation: the previous key still works for its overlap.
    const rotated = await asAdmin('POST', `/v1/accounts/${id}/keys`, { keepPreviousForHours: 1 });
    expect(rotated.status).toBe(201);
    const { apiKey } = rotated.body as { apiKey: string };
    for (const key of [{ pk: `ACCOUNT#${id}`, sk: 'ACCOUNT' }, { pk: `APIKEY#${hashApiKey(apiKey)}`, sk: 'APIKEY' }, { pk: `APIKEY#${hashApiKey(previousKey)}`, sk: 'APIKEY' }]) await stripUsageKey(key);

    for (const key of [apiKey, previousKey]) {
      const refused = await me(key);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      expect(refused.body).toMatchObject({ type: '/problems/account-not-enrolled-in-a-usage-plan', detail: expect.stringContaining('API key is valid') });
    }

    const upgrade = await restartOnKeptTables();
    expect(upgrade).toContain('Usage keys issued to 1 accounts created before them');
    for (const key of [apiKey, previousKey]) expect((await me(key)).body).toMatchObject({ id, tier: 'standard' });
    const { usageKey } = await accountItem(id);
    expect(usageKey).toMatch(/^usk_/);
    expect([(await keyItem(apiKey)).usageKey, (await keyItem(previousKey)).usageKey]).toEqual([usageKey, usageKey]);

    const again = await restartOnKeptTables();
    expect(again.filter((line) => line.startsWith('Usage keys'))).toEqual([]);
    expect((await accountItem(id)).usageKey).toBe(usageKey);
    expect((await me(apiKey)).status).toBe(200);
  });
});
