import { afterAll, beforeAll, expect, it } from 'vitest';
import { validCreditCode } from '../helpers/identity.js';
import { eventually, startTestProvince, type TestProvince } from '../helpers/province.js';

/**
 * The authorizer remembers a key's holder for the province's `authorizerCacheSeconds`, so a
 * revoked key keeps working that long and no longer (docs: DEPLOY.md, README). A file of its
 * own: the TTL is process-wide, and the other files expect revocations to bite at once.
 */
const TTL_SECONDS = 8;
let province: TestProvince;

beforeAll(async () => {
  province = await startTestProvince({ pollers: false, authorizerCacheSeconds: TTL_SECONDS });
});

afterAll(async () => {
  await province?.stop();
});

it('lets a revoked key work until the TTL runs out, then refuses it', async () => {
  const admin = { authorization: `Bearer ${await province.token({ role: 'province_admin', sub: 'admin' })}` };
  const account = (await province.request('POST', '/v1/accounts', { body: { kind: 'partner', name: '闽送即配网络科技有限公司', creditCode: validCreditCode(7) }, headers: admin })).body;
  const withOldKey = () => province.request('GET', '/v1/accounts/me', { headers: { 'x-api-key': account.apiKey } });
  expect((await withOldKey()).status).toBe(200);

  const rotated = await province.request('POST', `/v1/accounts/${account.id}/keys`, { body: { keepPreviousForHours: 0 }, headers: admin });
  expect(rotated.status).toBe(201);
  // Remembered: still the account, though revoked.
  expect((await withOldKey()).status).toBe(200);
  expect((await province.request('GET', '/v1/accounts/me', { headers: { 'x-api-key': rotated.body.apiKey } })).status).toBe(200);

  await eventually(async () => ((await withOldKey()).status === 401 ? true : undefined), (TTL_SECONDS + 10) * 1000);
}, 60_000);
