import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/services.js';
import { rosterRow, validCreditCode, validMobile } from '../helpers/identity.js';
import { jobPosting } from '../helpers/jobs.js';
import { activeMember } from '../helpers/members.js';
import { eventually, startTestProvince, type ApiResponse, type TestProvince } from '../helpers/province.js';
import { provinceItems } from '../helpers/tables.js';
import { wishWorld, type WishWorld } from '../helpers/wishes.js';

/**
 * The audit log of access to personal data, through the HTTP API: every route that shows or
 * erases personal data appends who did it, in which org and to whose records; the province
 * admin reads it by day, actor or org; it holds no plain personal data.
 */

let province: TestProvince;
let world: WishWorld;
const people: { name: string; mobile: string; idNumber: string }[] = [];
/** The audited routes this file calls, and the action each records. */
const exercised = new Map<string, string>();

beforeAll(async () => {
  province = await startTestProvince();
  world = await wishWorld(province);
}, 60_000);

afterAll(async () => {
  await province?.stop();
});

const ok = (response: ApiResponse, status = 200) => {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
};
const auditPage = async (query: string, token = world.admin) => world.bearer(token, 'GET', `/v1/audit${query}`);

describe('the audit log', () => {
  let memberIds: string[];
  let erased: string;

  it('records staff listing an org\'s members, with the ids listed', async () => {
    const members = [];
    for (let i = 0; i < 3; i++) members.push(await activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming }));
    people.push(...members.map((member) => member.person));
    const listed = ok(await world.bearer(world.staff.siming, 'GET', `/v1/orgs/${world.orgs.siming}/memberships`));
    memberIds = listed.items.map((item: { id: string }) => item.id);
    expect(memberIds.sort()).toEqual(members.map((member) => member.membershipId).sort());
    exercised.set('GET /v1/orgs/{orgId}/memberships', 'members.list');

    const { items } = ok(await auditPage(`?orgId=${world.orgs.siming}&action=members.list`));
    expect(items).toEqual([
      expect.objectContaining({ action: 'members.list', actorRole: 'org_admin', actorId: 'org_admin:staff-siming', actorOrgId: world.orgs.siming, orgId: world.orgs.siming }),
    ]);
    expect([...items[0].subjects].sort()).toEqual([...memberIds].sort());
  });

  it('records staff above the org erasing a member, and not a worker erasing their own membership', async () => {
    erased = memberIds[0]!;
    expect(ok(await world.bearer(world.staff.xiamen, 'POST', `/v1/memberships/${erased}/erasure`), 202).status).toBe('erased');
    exercised.set('POST /v1/memberships/{membershipId}/erasure', 'member.erase');
    const own = await activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming });
    people.push(own.person);
    ok(await world.bearer(own.token, 'POST', '/v1/memberships/me/erasure'), 202);

    const erasures = ok(await auditPage('?action=member.erase')).items;
    expect(erasures).toEqual([
      expect.objectContaining({ action: 'member.erase', actorId: 'org_admin:staff-xiamen', actorOrgId: world.orgs.xiamen, orgId: world.orgs.siming, subjects: [erased] }),
    ]);
    expect(ok(await auditPage(`?actor=${encodeURIComponent(own.workerId)}`)).items).toEqual([]);
  });

  it('records staff listing riders to invite, by partner and rider id', async () => {
    const partner = ok(await world.bearer(world.admin, 'POST', '/v1/accounts', { kind: 'partner', name: '审计配送平台', creditCode: validCreditCode(951) }), 201);
    const asPartner = (method: string, path: string, body?: unknown) => province.request(method, path, { body, headers: { 'x-api-key': partner.apiKey } });
    const rows = [rosterRow(9501), rosterRow(9502)];
    people.push(...rows.map(({ name, mobile, idNumber }) => ({ name, mobile, idNumber })));
    const roster = ok(await asPartner('POST', '/v1/rosters', { mode: 'delta', asOf: new Date().toISOString() }), 201);
    ok(await asPartner('PUT', `/v1/rosters/${roster.id}/chunks/1`, { rows }), 202);
    ok(await asPartner('POST', `/v1/rosters/${roster.id}/complete`, { chunks: 1 }), 202);
    const invitations = await eventually(async () => {
      const page = ok(await world.bearer(world.staff.siming, 'GET', `/v1/orgs/${world.orgs.siming}/invitations`));
      return page.items.length > 0 ? page : undefined;
    }, 30_000);
    expect(invitations.items[0].riders).toHaveLength(2);
    exercised.set('GET /v1/orgs/{orgId}/invitations', 'invitations.list');

    const listings = ok(await auditPage(`?actor=org_admin:staff-siming&action=invitations.list`)).items;
    const last = listings[0];
    expect(last).toMatchObject({ action: 'invitations.list', orgId: world.orgs.siming });
    expect([...last.subjects].sort()).toEqual([`${partner.id}#r-9501`, `${partner.id}#r-9502`]);
  });

  it('records an employer opening the contacts workers shared, when accepting and when listing', async () => {
    const employer = ok(await world.bearer(world.admin, 'POST', '/v1/accounts', { kind: 'employer', name: '审计用工企业', creditCode: validCreditCode(952) }), 201);
    const job = ok(await world.keyed(employer.apiKey, 'POST', '/v1/jobs', jobPosting()), 201);
    const worker = await province.token({ role: 'worker', sub: 'audit-seeker' });
    const mobile = validMobile(9503);
    people.push({ name: '', mobile, idNumber: '' });
    const interest = ok(await world.bearer(worker, 'POST', `/v1/jobs/${job.id}/interest`, { mobile }), 201);
    const pending = ok(await world.keyed(employer.apiKey, 'GET', `/v1/jobs/${job.id}/interests`));
    expect(pending.items[0].mobile).not.toBe(mobile);
    expect(ok(await auditPage(`?actor=account:${employer.id}`)).items).toEqual([]);

    expect(ok(await world.keyed(employer.apiKey, 'POST', `/v1/jobs/${job.id}/interests/${interest.intentionId}/accept`)).mobile).toBe(mobile);
    expect(ok(await world.keyed(employer.apiKey, 'GET', `/v1/jobs/${job.id}/interests`)).items[0].mobile).toBe(mobile);
    exercised.set('POST /v1/jobs/{jobId}/interests/{intentionId}/accept', 'contacts.reveal');
    exercised.set('GET /v1/jobs/{jobId}/interests', 'contacts.reveal');
    const reveals = ok(await auditPage(`?actor=account:${employer.id}`)).items;
    expect(reveals).toHaveLength(2);
    for (const entry of reveals) expect(entry).toMatchObject({ action: 'contacts.reveal', actorRole: 'employer', actorId: `account:${employer.id}`, subjects: [interest.intentionId] });
  });

  it("records staff listing an org's help requests and opening one, and not the worker reading their own", async () => {
    const worker = await activeMember(province, { staffToken: world.staff.huli, orgId: world.orgs.huli, regionCode: '350206' });
    people.push(worker.person);
    const filed = ok(await world.bearer(worker.token, 'POST', '/v1/help-requests', { category: 'wage_arrears', description: '拖欠工资两个月', regionCode: '350206' }), 201);
    ok(await world.bearer(worker.token, 'GET', `/v1/help-requests/${filed.id}`));
    ok(await world.bearer(world.staff.xiamen, 'GET', `/v1/orgs/${filed.orgId}/help-requests`));
    ok(await world.bearer(world.staff.xiamen, 'GET', `/v1/help-requests/${filed.id}`));
    exercised.set('GET /v1/orgs/{orgId}/help-requests', 'help.list');
    exercised.set('GET /v1/help-requests/{requestId}', 'help.read');
    const entries = ok(await auditPage(`?orgId=${filed.orgId}`)).items.filter((entry: { action: string }) => entry.action.startsWith('help.'));
    expect(entries.map((entry: { action: string; actorOrgId: string; subjects: string[] }) => [entry.action, entry.actorOrgId, entry.subjects])).toEqual([
      ['help.read', world.orgs.xiamen, [filed.id]],
      ['help.list', world.orgs.xiamen, [filed.id]],
    ]);
  });

  it("records staff listing a course's enrolled workers", async () => {
    const hour = 3600_000;
    const course = await eventually(async () => {
      const response = await world.bearer(world.staff.siming, 'POST', '/v1/courses', {
        orgId: world.orgs.siming, title: '交通安全培训', kind: 'safety', skills: [], startsAt: new Date(Date.now() + 48 * hour).toISOString(),
        endsAt: new Date(Date.now() + 50 * hour).toISOString(), seats: 10, online: true,
      });
      return response.status === 201 ? response.body : undefined;
    });
    const worker = await activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming });
    people.push(worker.person);
    const enrolled = ok(await world.bearer(worker.token, 'POST', `/v1/courses/${course.id}/enrollments`), 201);
    ok(await world.bearer(world.staff.siming, 'GET', `/v1/courses/${course.id}/enrollments`));
    exercised.set('GET /v1/courses/{courseId}/enrollments', 'enrollments.list');
    const entries = ok(await auditPage(`?actor=org_admin:staff-siming&action=enrollments.list`)).items;
    expect(entries).toEqual([expect.objectContaining({ action: 'enrollments.list', orgId: world.orgs.siming })]);
    expect(JSON.stringify(entries[0].subjects)).toContain(enrolled.enrollmentId);
  });

  it('covers every route the topology marks as appending to it', () => {
    const marked = routes.filter((route) => route.audit === 'append').map((route) => `${route.method} ${route.path}`);
    expect([...exercised.keys()].sort()).toEqual(marked.sort());
  });

  it('lists a day newest first, in pages, for the province admin only', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const all = ok(await auditPage(`?day=${today}&limit=100`)).items;
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect(all.map((entry: { at: string }) => entry.at)).toEqual(all.map((entry: { at: string }) => entry.at).sort().reverse());
    expect(ok(await auditPage('')).items).toEqual(all.slice(0, 20));

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = ok(await auditPage(`?day=${today}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      seen.push(...page.items.map((entry) => entry.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((entry: { id: string }) => entry.id));

    expect(ok(await auditPage('?day=2020-01-01')).items).toEqual([]);
    expect((await auditPage('', world.staff.root)).status).toBe(403);
    const both = await auditPage(`?actor=x&orgId=${world.orgs.siming}`);
    expect(both.status).toBe(400);
    expect(both.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['query.actor', 'query.orgId']);
    expect((await auditPage('?action=members.delete')).status).toBe(400);
  });

  it('holds no plain ID number, mobile or name of the people whose data was accessed', async () => {
    const secrets = people.flatMap((person) => [person.idNumber, person.mobile, person.name]).filter((value) => value.length > 0);
    let entries = 0;
    for await (const [table, item] of provinceItems(province)) {
      if (table !== 'audit') continue;
      entries++;
      const text = JSON.stringify(item);
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
    expect(entries).toBeGreaterThanOrEqual(6);
  });
});
