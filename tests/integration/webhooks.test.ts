import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../examples/webhook-receiver/verify.js';
import { rosterRow, validCreditCode } from '../helpers/identity.js';
import { activeMember } from '../helpers/members.js';
import { eventually, startTestProvince, type ApiResponse, type TestProvince } from '../helpers/province.js';
import { wishBody, wishWorld, type WishWorld } from '../helpers/wishes.js';

/** What a receiver does with its n-th request (from 0): answer 204, answer 500, never answer, or drop the connection after reading it. */
type Behaviour = (n: number) => 'ok' | 'fail' | 'hang' | 'drop';

interface Receiver {
  url: string;
  /** Every request received, as sent. */
  requests: { headers: IncomingHttpHeaders; body: string }[];
  /** Requests not answered yet (a hanging receiver's). */
  open: Set<ServerResponse>;
  stop(): Promise<void>;
}

const receivers: Server[] = [];

/** A receiver on 127.0.0.1 (node:http), the only place these tests send anything. */
async function receiver(behave: Behaviour = () => 'ok'): Promise<Receiver> {
  const requests: Receiver['requests'] = [];
  const open = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const n = requests.length;
      requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const action = behave(n);
      if (action === 'ok') response.writeHead(204).end();
      else if (action === 'fail') response.writeHead(500).end();
      else if (action === 'drop') request.socket.destroy();
      else open.add(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receivers.push(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    requests,
    open,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let province: TestProvince;
let world: WishWorld;
let creditSeed = 900;

async function account(kind: 'partner' | 'donor' | 'employer', name: string) {
  const created = await world.bearer(world.admin, 'POST', '/v1/accounts', { kind, name, creditCode: validCreditCode(creditSeed++) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id as string, apiKey: created.body.apiKey as string };
}

async function subscribe(apiKey: string, url: string, events: string[]) {
  const put = await world.keyed(apiKey, 'PUT', '/v1/accounts/me/webhook', { url, events });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  return put.body.secret as string;
}

const deliveries = (apiKey: string, query = '') => world.keyed(apiKey, 'GET', `/v1/accounts/me/webhook/deliveries${query}`);

const expectUrlRefused = (response: ApiResponse) => {
  expect(response.status, JSON.stringify(response.body)).toBe(400);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body.errors).toEqual([expect.objectContaining({ path: 'body.url' })]);
};

beforeAll(async () => {
  province = await startTestProvince();
  world = await wishWorld(province);
});

afterAll(async () => {
  for (const server of receivers) server.closeAllConnections();
  await Promise.all(receivers.map((server) => new Promise((resolve) => server.close(resolve))));
  await province?.stop();
});

describe('setting a webhook', () => {
  it('refuses addresses that are not public (also by name), plain http and other kinds\' events, with 400 naming the field', async () => {
    const partner = await account('partner', '闽送即配');
    for (const url of ['http://169.254.169.254/', 'http://10.0.0.1/', 'https://10.0.0.1/hook', 'https://[::1]/', 'https://[fd00::1]/', 'https://localhost:8443/hook', 'http://127.0.0.1/hook']) {
      expectUrlRefused(await world.keyed(partner.apiKey, 'PUT', '/v1/accounts/me/webhook', { url, events: ['roster.completed'] }));
    }
    const wrongKind = await world.keyed(partner.apiKey, 'PUT', '/v1/accounts/me/webhook', { url: 'http://127.0.0.1:9/hook', events: ['wish.fulfilled'] });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errors).toEqual([expect.objectContaining({ path: 'body.events.0' })]);
    expect((await world.keyed(partner.apiKey, 'GET', '/v1/accounts/me/webhook')).status).toBe(404);
    expect((await world.keyed(partner.apiKey, 'POST', '/v1/accounts/me/webhook/test')).status).toBe(409);
  });

  it('answers a new whsec_ secret on each PUT, shows the webhook without it, and removes it', async () => {
    const partner = await account('partner', '闽送即配二');
    const first = await subscribe(partner.apiKey, 'http://127.0.0.1:9/hook', ['roster.completed', 'roster.failed']);
    const second = await subscribe(partner.apiKey, 'http://127.0.0.1:9/hook', ['roster.completed']);
    expect(first).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(second).not.toBe(first);
    const shown = await world.keyed(partner.apiKey, 'GET', '/v1/accounts/me/webhook');
    expect(shown.body).toEqual({ url: 'http://127.0.0.1:9/hook', events: ['roster.completed'], updatedAt: expect.any(String) });
    expect((await world.keyed(partner.apiKey, 'DELETE', '/v1/accounts/me/webhook')).status).toBe(204);
    expect((await world.keyed(partner.apiKey, 'GET', '/v1/accounts/me/webhook')).status).toBe(404);
  });
});

describe('deliveries', () => {
  it('delivers a roster completion once, signed, to the partner who pushed it', async () => {
    const partner = await account('partner', '闽送即配三');
    const hook = await receiver();
    const secret = await subscribe(partner.apiKey, hook.url, ['roster.completed']);
    const roster = await world.keyed(partner.apiKey, 'POST', '/v1/rosters', { mode: 'delta', asOf: new Date().toISOString() });
    expect((await world.keyed(partner.apiKey, 'PUT', `/v1/rosters/${roster.body.id}/chunks/1`, { rows: [rosterRow(1)] })).status).toBe(202);
    expect((await world.keyed(partner.apiKey, 'POST', `/v1/rosters/${roster.body.id}/complete`, { chunks: 1 })).status).toBe(202);

    const delivered = await eventually(async () => ((await deliveries(partner.apiKey, '?status=delivered')).body.items[0] as any) ?? undefined, 20_000);
    await province.settled();
    expect(hook.requests).toHaveLength(1);
    const [request] = hook.requests;
    const verdict = verifyWebhook({ secret, headers: request!.headers, body: request!.body });
    expect(verdict).toMatchObject({ ok: true, id: delivered.id, event: { type: 'roster.completed', data: { rosterId: roster.body.id, mode: 'delta', status: 'completed' } } });
    expect(delivered).toMatchObject({ type: 'roster.completed', status: 'delivered', attempts: 1, lastStatusCode: 204, nextAttemptAt: null });
  });

  it('retries a receiver that fails twice and delivers on the third attempt, with the same Webhook-Id each time', async () => {
    const partner = await account('partner', '闽送即配四');
    const hook = await receiver((n) => (n < 2 ? 'fail' : 'ok'));
    const secret = await subscribe(partner.apiKey, hook.url, ['roster.completed']);
    const ping = await world.keyed(partner.apiKey, 'POST', '/v1/accounts/me/webhook/test');
    expect(ping.status).toBe(202);
    const delivered = await eventually(async () => {
      const [item] = (await deliveries(partner.apiKey, '?status=delivered')).body.items;
      return item ?? undefined;
    }, 20_000);
    expect(delivered).toMatchObject({ id: ping.body.id, type: 'ping', attempts: 3, lastStatusCode: 204 });
    expect(hook.requests.map((request) => request.headers['webhook-id'])).toEqual([ping.body.id, ping.body.id, ping.body.id]);
    for (const request of hook.requests) expect(verifyWebhook({ secret, headers: request.headers, body: request.body })).toMatchObject({ ok: true });
  });

  it('delivers again after a lost answer (the receiver got it), under the same id, so the receiver acts once', async () => {
    const employer = await account('employer', '海湾家政');
    const hook = await receiver((n) => (n === 0 ? 'drop' : 'ok'));
    const secret = await subscribe(employer.apiKey, hook.url, ['job.interest_received']);
    const ping = await world.keyed(employer.apiKey, 'POST', '/v1/accounts/me/webhook/test');
    await eventually(async () => ((await deliveries(employer.apiKey, '?status=delivered')).body.items[0] as unknown) ?? undefined, 20_000);
    const seen = new Set<string>();
    const verdicts = hook.requests.map((request) => verifyWebhook({ secret, headers: request.headers, body: request.body, seen }));
    expect(verdicts).toEqual([expect.objectContaining({ ok: true, id: ping.body.id, duplicate: false }), expect.objectContaining({ ok: true, id: ping.body.id, duplicate: true })]);
  });

  it('a receiver that never answers holds up no other account\'s delivery', async () => {
    const stuck = await account('donor', '慢公司');
    const other = await account('donor', '快公司');
    const dead = await receiver(() => 'hang');
    const alive = await receiver();
    await subscribe(stuck.apiKey, dead.url, ['wish.fulfilled']);
    await subscribe(other.apiKey, alive.url, ['wish.fulfilled']);
    expect((await world.keyed(stuck.apiKey, 'POST', '/v1/accounts/me/webhook/test')).status).toBe(202);
    await eventually(async () => (dead.open.size > 0 ? true : undefined));
    expect((await world.keyed(other.apiKey, 'POST', '/v1/accounts/me/webhook/test')).status).toBe(202);
    await eventually(async () => (alive.requests.length > 0 ? true : undefined));
    // The other account's ping arrived while the first receiver still holds its request.
    expect(dead.open.size).toBe(1);
    expect((await deliveries(stuck.apiKey)).body.items[0]).toMatchObject({ status: 'pending', attempts: 0 });
    for (const response of dead.open) response.socket?.destroy();
  });

  it('tells the claiming donor of its fulfilled wish, and no other donor', async () => {
    const claimer = await account('donor', '鹭岛电器');
    const bystander = await account('donor', '海沧超市');
    const claimerHook = await receiver();
    const bystanderHook = await receiver();
    const secret = await subscribe(claimer.apiKey, claimerHook.url, ['wish.fulfilled']);
    await subscribe(bystander.apiKey, bystanderHook.url, ['wish.fulfilled', 'wish.claim_expired', 'wish.claim_expiring']);
    const campaign = await world.campaign();
    const worker = await activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming });
    const wish = await world.bearer(worker.token, 'POST', `/v1/campaigns/${campaign.id}/wishes`, wishBody());
    expect(wish.status, JSON.stringify(wish.body)).toBe(201);
    expect((await world.bearer(world.staff.siming, 'POST', `/v1/wishes/${wish.body.id}/approve`)).status).toBe(200);
    expect((await world.keyed(claimer.apiKey, 'POST', `/v1/wishes/${wish.body.id}/claim`)).status).toBe(200);
    expect((await world.keyed(claimer.apiKey, 'POST', `/v1/wishes/${wish.body.id}/deliver`, { note: '送到工会', to: 'org' })).status).toBe(200);
    expect((await world.bearer(worker.token, 'POST', `/v1/wishes/${wish.body.id}/confirm`, { thanks: '谢谢！' })).status).toBe(200);

    await eventually(async () => (claimerHook.requests.length > 0 ? true : undefined), 20_000);
    await province.settled();
    expect(claimerHook.requests).toHaveLength(1);
    expect(verifyWebhook({ secret, headers: claimerHook.requests[0]!.headers, body: claimerHook.requests[0]!.body })).toMatchObject({
      ok: true,
      event: { type: 'wish.fulfilled', data: { wishId: wish.body.id, campaignId: campaign.id, thanked: true, thanks: '谢谢！' } },
    });
    expect(bystanderHook.requests).toEqual([]);
    expect((await deliveries(bystander.apiKey)).body.items).toEqual([]);
  });

  it('lists an account\'s own deliveries by status in sealed pages, and retries one on request', async () => {
    const partner = await account('partner', '闽送即配五');
    const hook = await receiver();
    await subscribe(partner.apiKey, hook.url, ['roster.completed']);
    const pings = [];
    for (let i = 0; i < 3; i++) pings.push((await world.keyed(partner.apiKey, 'POST', '/v1/accounts/me/webhook/test')).body.id);
    await eventually(async () => ((await deliveries(partner.apiKey, '?status=delivered')).body.items.length === 3 ? true : undefined), 20_000);
    const first = await deliveries(partner.apiKey, '?limit=2');
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([pings[2], pings[1]]);
    const second = await deliveries(partner.apiKey, `?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: pings[0] })], nextCursor: null });
    expect((await deliveries(partner.apiKey, '?status=failed')).body.items).toEqual([]);
    // Another account sees none of them, and cannot retry them.
    const other = await account('partner', '别家平台');
    expect((await deliveries(other.apiKey)).body.items).toEqual([]);
    expect((await world.keyed(other.apiKey, 'POST', `/v1/accounts/me/webhook/deliveries/${pings[0]}/retry`)).status).toBe(404);
    const retried = await world.keyed(partner.apiKey, 'POST', `/v1/accounts/me/webhook/deliveries/${pings[0]}/retry`);
    expect(retried.status).toBe(202);
    await eventually(async () => (hook.requests.length === 4 ? true : undefined), 20_000);
    expect(hook.requests[3]!.headers['webhook-id']).toBe(pings[0]);
  });
});
