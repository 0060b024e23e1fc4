import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeMember } from '../helpers/members.js';
import { eventually, startTestProvince, type ApiResponse, type TestProvince } from '../helpers/province.js';
import { provinceItems } from '../helpers/tables.js';
import { wishWorld, type WishWorld } from '../helpers/wishes.js';

/**
 * Help requests (维权帮扶, 困难帮扶) through the HTTP API: routing to the membership org or the
 * union covering the region, the state machine, outcomes and the aid fund, escalation after 48
 * hours, the requester's privacy, and the figures.
 */

let province: TestProvince;
let world: WishWorld;
let member: Awaited<ReturnType<typeof activeMember>>;
let stranger: string;

const HOUR = 3600_000;
const expectStatus = (response: ApiResponse, status: number) => {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
};
const ask = (overrides: Record<string, unknown> = {}) => ({
  category: 'wage_arrears',
  description: '平台合作商拖欠三个月配送费，共 8,400 元，多次催要无果。',
  regionCode: '350203',
  platform: '闽送即配',
  amountFen: 840_000,
  ...overrides,
});
const file = async (token: string, overrides: Record<string, unknown> = {}) => expectStatus(await world.bearer(token, 'POST', '/v1/help-requests', ask(overrides)), 201);
const move = (token: string, id: string, body: Record<string, unknown>) => world.bearer(token, 'POST', `/v1/help-requests/${id}/transitions`, body);
const moved = async (token: string, id: string, body: Record<string, unknown>) => expectStatus(await move(token, id, body), 200);
/** Every item of one of the province's tables. */
async function itemsOf(table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const [name, item] of provinceItems(province)) if (name === table) items.push(item);
  return items;
}
const thisYear = () => new Date(Date.now() + 8 * HOUR).getUTCFullYear();

beforeAll(async () => {
  province = await startTestProvince();
  world = await wishWorld(province);
  member = await activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming });
  stranger = await province.token({ role: 'worker', sub: 'not-a-member' });
  // Routing reads the help service's copies of the tree and of memberships, which events fill.
  await province.settled();
}, 90_000);

afterAll(async () => {
  await province?.stop();
});

describe('filing', () => {
  it("routes a member's request to their membership org and shows staff the requester masked, without the description", async () => {
    const filed = await file(member.token);
    expect(filed).toMatchObject({ status: 'received', orgId: world.orgs.siming, category: 'wage_arrears', description: ask().description });
    expect(filed.requester).toEqual({ member: true, name: '林**' });
    const list = expectStatus(await world.bearer(world.staff.siming, 'GET', `/v1/orgs/${world.orgs.siming}/help-requests`), 200);
    const row = list.items.find((item: { id: string }) => item.id === filed.id);
    expect(row.requester).toEqual({ member: true, name: '林**' });
    expect(row).not.toHaveProperty('description');
    expect(JSON.stringify(list)).not.toContain(member.person.name);
  });

  it("routes a non-member's request to the deepest union whose region covers it", async () => {
    expect((await file(stranger, { regionCode: '350206' })).orgId).toBe(world.orgs.huli);
    // 集美 has no district union here: the city's covers it.
    expect((await file(stranger, { regionCode: '350211' })).orgId).toBe(world.orgs.xiamen);
    expect((await file(stranger, { regionCode: '350500' })).orgId).toBe(world.orgs.root);
    const outside = expectStatus(await world.bearer(stranger, 'POST', '/v1/help-requests', ask({ regionCode: '440300' })), 400);
    expect(JSON.stringify(outside.errors)).toContain('body.regionCode');
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = (await itemsOf('help')).length;
    const bad = expectStatus(await world.bearer(stranger, 'POST', '/v1/help-requests', ask({ category: 'revenge', amountFen: -5 })), 400);
    expect(bad.errors.map((error: { path: string }) => error.path).sort()).toEqual(['body.amountFen', 'body.category']);
    expect((await itemsOf('help')).length).toBe(before);
  });
});

describe('the state machine', () => {
  it('takes a request from received through mediation to resolution, and the worker sees the timeline', async () => {
    const filed = await file(member.token, { category: 'contract_termination' });
    await moved(world.staff.siming, filed.id, { to: 'accepted', note: '已受理，安排调解员', assigneeId: 'mediator-chen' });
    await moved(world.staff.xiamen, filed.id, { to: 'in_mediation', note: '与平台合作商约定下周三调解' });
    const resolved = await moved(world.staff.siming, filed.id, { to: 'resolved', note: '调解成功，补发配送费', outcome: { recoveredFen: 840_000 } });
    expect(resolved).toMatchObject({ status: 'resolved', assigneeId: 'mediator-chen', outcome: { recoveredFen: 840_000, aidFen: 0 } });

    const mine = expectStatus(await world.bearer(member.token, 'GET', '/v1/help-requests/me'), 200);
    const own = mine.items.find((item: { id: string }) => item.id === filed.id);
    expect(own.timeline.map((entry: { status: string }) => entry.status)).toEqual(['received', 'accepted', 'in_mediation', 'resolved']);
    expect(own.timeline.map((entry: { by: string }) => entry.by)).toEqual(['worker', 'staff', 'staff', 'staff']);
    expect(own.timeline[3]).toMatchObject({ note: '调解成功，补发配送费', outcome: { recoveredFen: 840_000, aidFen: 0 } });
    expect(own.description).toBe(ask().description);
  });

  it('answers 409 to any move the state machine lacks, and 400 to an outcome or a mediator out of place', async () => {
    const filed = await file(member.token);
    expectStatus(await move(world.staff.siming, filed.id, { to: 'resolved', note: '直接办结' }), 409);
    const outcome = expectStatus(await move(world.staff.siming, filed.id, { to: 'accepted', note: '受理', outcome: { recoveredFen: 1 } }), 400);
    expect(JSON.stringify(outcome.errors)).toContain('body.outcome');
    await moved(world.staff.siming, filed.id, { to: 'accepted', note: '受理' });
    expectStatus(await move(world.staff.siming, filed.id, { to: 'accepted', note: '再受理' }), 409);
    expectStatus(await move(world.staff.siming, filed.id, { to: 'closed', note: '关闭' }), 409);
    await moved(world.staff.siming, filed.id, { to: 'resolved', note: '当场解决' });
    expectStatus(await move(world.staff.siming, filed.id, { to: 'in_mediation', note: '重开' }), 409);
  });
});

describe('privacy and scope', () => {
  it("keeps a request from other orgs' staff and other workers", async () => {
    const filed = await file(member.token);
    const other = await province.token({ role: 'worker', sub: 'someone-else' });
    expectStatus(await world.bearer(world.staff.huli, 'GET', `/v1/help-requests/${filed.id}`), 404);
    expectStatus(await move(world.staff.huli, filed.id, { to: 'accepted', note: '越权受理' }), 404);
    expectStatus(await world.bearer(world.staff.huli, 'GET', `/v1/orgs/${world.orgs.siming}/help-requests`), 404);
    expectStatus(await world.bearer(other, 'GET', `/v1/help-requests/${filed.id}`), 404);
    const theirs = expectStatus(await world.bearer(other, 'GET', '/v1/help-requests/me'), 200);
    expect(theirs.items).toEqual([]);
    // The handling org and its ancestors read it, description included; each read is audited.
    expect(expectStatus(await world.bearer(world.staff.root, 'GET', `/v1/help-requests/${filed.id}`), 200).description).toBe(ask().description);
    const audit = (await itemsOf('audit')).filter((entry) => entry.action === 'help.read');
    expect(audit.some((entry) => (entry.subjects as string[]).includes(filed.id) && entry.actorRole === 'org_admin' && entry.actorOrgId === world.orgs.root)).toBe(true);
  });

  it('stores the description sealed, never in plain text', async () => {
    const filed = await file(member.token, { description: '工伤未认定，医药费 12,000 元无人承担' });
    const item = (await itemsOf('help')).find((entry) => entry.id === filed.id)!;
    expect(JSON.stringify(item)).not.toContain('工伤未认定');
    expect(item.sealedDescription).toMatch(/^v1\.local\./);
  });
});

describe('the aid fund', () => {
  it('pays hardship aid from the fund and never overspends it, even when payouts race', async () => {
    const year = thisYear();
    const fund = expectStatus(await world.bearer(world.staff.huli, 'PUT', `/v1/orgs/${world.orgs.huli}/aid-fund/${year}`, { budgetFen: 100_000 }), 200);
    expect(fund).toEqual({ orgId: world.orgs.huli, year, budgetFen: 100_000, spentFen: 0 });
    const requests = [];
    for (let i = 0; i < 5; i++) {
      const filed = await file(stranger, { category: 'hardship_aid', regionCode: '350206', amountFen: 30_000 });
      await moved(world.staff.huli, filed.id, { to: 'accepted', note: '受理困难帮扶' });
      requests.push(filed.id);
    }
    const answers = await Promise.all(requests.map((id) => move(world.staff.huli, id, { to: 'resolved', note: '发放困难帮扶金', outcome: { aidFen: 30_000 } })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 409, 409]);
    const after = expectStatus(await world.bearer(world.staff.huli, 'GET', `/v1/orgs/${world.orgs.huli}/aid-fund/${year}`), 200);
    expect(after).toEqual({ orgId: world.orgs.huli, year, budgetFen: 100_000, spentFen: 90_000 });
    // A refused payout changed nothing: the request is still accepted and can be resolved without aid.
    const refused = requests[answers.findIndex((answer) => answer.status === 409)]!;
    expect(expectStatus(await world.bearer(world.staff.huli, 'GET', `/v1/help-requests/${refused}`), 200).status).toBe('accepted');
    // A budget below what was paid is refused; one above it leaves what was paid.
    expectStatus(await world.bearer(world.staff.huli, 'PUT', `/v1/orgs/${world.orgs.huli}/aid-fund/${year}`, { budgetFen: 80_000 }), 409);
    expect(expectStatus(await world.bearer(world.staff.huli, 'PUT', `/v1/orgs/${world.orgs.huli}/aid-fund/${year}`, { budgetFen: 120_000 }), 200)).toMatchObject({ budgetFen: 120_000, spentFen: 90_000 });
    await moved(world.staff.huli, refused, { to: 'resolved', note: '补发困难帮扶金', outcome: { aidFen: 30_000 } });
    expectStatus(await world.bearer(world.staff.siming, 'PUT', `/v1/orgs/${world.orgs.huli}/aid-fund/${year}`, { budgetFen: 1 }), 404);
  });

  it('refuses aid from an org without a fund for the year', async () => {
    const filed = await file(member.token, { category: 'hardship_aid' });
    await moved(world.staff.siming, filed.id, { to: 'accepted', note: '受理' });
    const refused = expectStatus(await move(world.staff.siming, filed.id, { to: 'resolved', note: '发放', outcome: { aidFen: 1 } }), 409);
    expect(refused.detail).toContain('aid fund');
  });
});

describe('escalation', () => {
  it('sends a request nobody accepted within 48 hours to the parent org, whose timeline says why', async () => {
    const waiting = await file(member.token, { category: 'work_injury' });
    const accepted = await file(member.token, { category: 'work_injury' });
    await moved(world.staff.siming, accepted.id, { to: 'accepted', note: '受理' });
    const escalate = (hours: number) => province.runSchedule('helpEscalation', new Date(Date.now() + hours * HOUR)) as Promise<{ escalated: number }>;

    await escalate(47);
    expect(expectStatus(await world.bearer(member.token, 'GET', `/v1/help-requests/${waiting.id}`), 200).orgId).toBe(world.orgs.siming);
    await escalate(49);
    const up = expectStatus(await world.bearer(member.token, 'GET', `/v1/help-requests/${waiting.id}`), 200);
    expect(up.orgId).toBe(world.orgs.xiamen);
    expect(up.status).toBe('received');
    expect(up.timeline.at(-1)).toMatchObject({ event: 'escalated', orgId: world.orgs.xiamen, by: 'system' });
    expect(up.timeline.at(-1).note).toContain('48');
    expect(expectStatus(await world.bearer(member.token, 'GET', `/v1/help-requests/${accepted.id}`), 200).orgId).toBe(world.orgs.siming);
    // The org it left no longer sees it; the parent's queue has it.
    expectStatus(await world.bearer(world.staff.siming, 'GET', `/v1/help-requests/${waiting.id}`), 404);
    const queue = expectStatus(await world.bearer(world.staff.xiamen, 'GET', `/v1/orgs/${world.orgs.xiamen}/help-requests?status=received&category=work_injury`), 200);
    expect(queue.items.map((item: { id: string }) => item.id)).toContain(waiting.id);
    // Another 48 hours later it goes up again, and at the root it stays.
    await escalate(98);
    await escalate(150);
    expect(expectStatus(await world.bearer(member.token, 'GET', `/v1/help-requests/${waiting.id}`), 200).orgId).toBe(world.orgs.root);
  });
});

describe('erasure', () => {
  it("keeps an erased worker's requests for the counts, without the link, the description or the notes", async () => {
    const leaving = await activeMember(province, { staffToken: world.staff.huli, orgId: world.orgs.huli, regionCode: '350206' });
    await province.settled();
    const filed = await file(leaving.token, { category: 'other', regionCode: '350206' });
    expect(filed.orgId).toBe(world.orgs.huli);
    await moved(world.staff.huli, filed.id, { to: 'accepted', note: '已受理，电话联系本人' });
    expectStatus(await world.bearer(leaving.token, 'POST', '/v1/memberships/me/erasure'), 202);
    const erased = await eventually(async () => {
      const body = expectStatus(await world.bearer(world.staff.huli, 'GET', `/v1/help-requests/${filed.id}`), 200);
      return body.description === null ? body : undefined;
    });
    expect(erased).toMatchObject({ status: 'accepted', category: 'other', requester: { member: true, name: null }, platform: null });
    expect(erased.timeline.map((entry: { note: string | null }) => entry.note)).toEqual([null, null]);
    expect(expectStatus(await world.bearer(leaving.token, 'GET', '/v1/help-requests/me'), 200).items).toEqual([]);
    const item = (await itemsOf('help')).find((entry) => entry.id === filed.id)!;
    expect(item).not.toHaveProperty('workerId');
    expect(item).not.toHaveProperty('sealedDescription');
    // The copy of the membership that routing reads is a tombstone: no org, no name.
    const copy = await eventually(async () => (await itemsOf('help')).find((entry) => entry.pk === `MEMBER#${leaving.workerId}` && entry.status === 'erased'));
    expect(copy).not.toHaveProperty('maskedName');
    expect(copy).not.toHaveProperty('orgId');
  });
});

describe('figures', () => {
  it('count requests by status and category up the tree, with money recovered and aid paid this year', async () => {
    await province.settled();
    const stats = await eventually(async () => {
      const body = expectStatus(await world.bearer(world.staff.root, 'GET', `/v1/orgs/${world.orgs.root}/stats`), 200);
      return body.helpRequests.aidFen === 120_000 ? body : undefined;
    });
    const requests = await itemsOf('help');
    const live = requests.filter((item) => typeof item.status === 'string' && String(item.pk).startsWith('HELP#'));
    const byStatus: Record<string, number> = {};
    for (const request of live) byStatus[String(request.status)] = (byStatus[String(request.status)] ?? 0) + 1;
    expect(stats.helpRequests.byStatus).toEqual(byStatus);
    expect(stats.helpRequests.recoveredFen).toBe(840_000);
    expect(stats.helpRequests.byCategory.hardship_aid).toBe(6);
    const siming = expectStatus(await world.bearer(world.staff.siming, 'GET', `/v1/orgs/${world.orgs.siming}/stats`), 200);
    expect(siming.helpRequests.byCategory.work_injury).toBe(1); // the other escalated out of its subtree
  });
});
