import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validCreditCode } from '../helpers/identity.js';
import { startTestProvince, type TestProvince } from '../helpers/province.js';

/**
 * Per-account throttling through the local gateway, which limits as the deployed usage plans
 * do: by the usage key the authorizer names, on the routes only accounts call.
 */
const TIERS = {
  // A burst of 3, then one request every 20 seconds: a burst of 6 is cut in half, however slow the machine.
  standard: { ratePerSecond: 0.05, burst: 3, dailyQuota: 1_000 },
  roomy: { ratePerSecond: 100, burst: 100, dailyQuota: 1_000 },
  // Two requests a day, whatever the rate.
  trial: { ratePerSecond: 100, burst: 100, dailyQuota: 2 },
};

let province: TestProvince;
let admin: string;
let seed = 7100;

const asAdmin = (method: string, path: string, body?: unknown) => province.request(method, path, { body, headers: { authorization: `Bearer ${admin}` } });
const newAccount = async (kind: string, tier?: string) => {
  const response = await asAdmin('POST', '/v1/accounts', { kind, name: '闽送即配网络科技有限公司', creditCode: validCreditCode(seed++), ...(tier ? { tier } : {}) });
  expect(response.status).toBe(201);
  return response.body as { id: string; apiKey: string; tier: string };
};
const me = (apiKey: string) => province.request('GET', '/v1/accounts/me', { headers: { 'x-api-key': apiKey } });

beforeAll(async () => {
  province = await startTestProvince({ pollers: false, usageTiers: TIERS });
  admin = await province.token({ role: 'province_admin', sub: 'admin' });
});

afterAll(async () => {
  await province?.stop();
});

describe('usage tiers of accounts', () => {
  it('puts an account in the standard tier unless the province admin names another', async () => {
    const plain = await newAccount('partner');
    const roomy = await newAccount('donor', 'roomy');
    expect([plain.tier, roomy.tier]).toEqual(['standard', 'roomy']);
    expect((await me(roomy.apiKey)).body).toEqual({ id: roomy.id, kind: 'donor', name: '闽送即配网络科技有限公司', tier: 'roomy' });
    const listed = await asAdmin('GET', '/v1/accounts?kind=donor');
    expect(listed.body.items.find((item: { id: string }) => item.id === roomy.id)).toMatchObject({ tier: 'roomy' });
  });

  it('refuses a tier the province does not configure, naming the field, and creates nothing', async () => {
    const creditCode = validCreditCode(seed++);
    const refused = await asAdmin('POST', '/v1/accounts', { kind: 'partner', name: '某公司', creditCode, tier: 'gold' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.body.errors).toEqual([{ path: 'body.tier', message: expect.stringContaining('standard, roomy, trial') }]);
    // Nothing was written: the same credit code is free.
    expect((await asAdmin('POST', '/v1/accounts', { kind: 'partner', name: '某公司', creditCode })).status).toBe(201);
  });
});

describe('per-account throttling', () => {
  it("answers one partner's burst with 429 and Retry-After while another partner's request at the same time goes through", async () => {
    const runaway = await newAccount('partner');
    const neighbour = await newAccount('partner');
    const [neighbourAnswer, ...burst] = await Promise.all([me(neighbour.apiKey), ...Array.from({ length: 6 }, () => me(runaway.apiKey))]);
    expect(neighbourAnswer!.status).toBe(200);
    const refused = burst.filter((answer) => answer.status === 429);
    expect(burst.filter((answer) => answer.status === 200)).toHaveLength(3);
    expect(refused).toHaveLength(3);
    for (const answer of refused) {
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.body).toMatchObject({ status: 429, title: 'Too many requests' });
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
  });

  it('counts a daily quota per account, across key rotations, and says when it renews', async () => {
    const trial = await newAccount('employer', 'trial');
    expect([(await me(trial.apiKey)).status, (await me(trial.apiKey)).status]).toEqual([200, 200]);
    const rotated = await asAdmin('POST', `/v1/accounts/${trial.id}/keys`, {});
    expect(rotated.status).toBe(201);
    const over = await me(rotated.body.apiKey);
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ title: 'Quota exceeded' });
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
  });

  it('does not limit callers with JWTs by tiers: the stage bounds them', async () => {
    const worker = await province.token({ role: 'worker', sub: 'w-usage' });
    const answers = await Promise.all([
      ...Array.from({ length: 8 }, () => asAdmin('GET', '/v1/accounts?kind=partner')),
      ...Array.from({ length: 8 }, () => province.request('GET', '/v1/stations', { headers: { authorization: `Bearer ${worker}` } })),
    ]);
    expect(answers.map((answer) => answer.status).filter((status) => status === 429)).toEqual([]);
  });

  it('does not limit an account on a route it shares with workers and staff (no usage plan applies there)', async () => {
    const donor = await newAccount('donor');
    const answers = await Promise.all(Array.from({ length: 6 }, () => province.request('GET', '/v1/stations', { headers: { 'x-api-key': donor.apiKey } })));
    expect(answers.map((answer) => answer.status).filter((status) => status === 429)).toEqual([]);
  });
});
