import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validCreditCode } from '../helpers/identity.js';
import { jobPosting } from '../helpers/jobs.js';
import { activeMember } from '../helpers/members.js';
import { eventually, startTestProvince, type ApiResponse, type TestProvince } from '../helpers/province.js';
import { provinceItems } from '../helpers/tables.js';
import { wishWorld, type WishWorld } from '../helpers/wishes.js';

/**
 * Courses through the HTTP API: publishing in the org tree, upcoming courses with seats left,
 * seats exact under simultaneous enrollments, masked enrollment lists, completions with
 * certificates anyone can verify (holder masked), certified skills in job matches, erasure.
 */

let province: TestProvince;
let world: WishWorld;

const ok = (response: ApiResponse, status = 200) => {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
};
const HOUR = 3600_000;
const at = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();
const forklift = (overrides: Record<string, unknown> = {}) => ({
  title: '叉车操作技能培训',
  kind: 'skills',
  trade: 'courier_sorting',
  skills: ['叉车操作'],
  startsAt: at(48),
  endsAt: at(56),
  seats: 5,
  online: false,
  location: { regionCode: '350203', address: '厦门市思明区工人文化宫' },
  ...overrides,
});
type Org = 'siming' | 'huli' | 'xiamen';
/** Publishes a course; the courses service learns of new orgs by event, so a 404 is retried until it does. */
const publish = (org: Org, body: Record<string, unknown>) =>
  eventually(async () => {
    const response = await world.bearer(world.staff[org], 'POST', '/v1/courses', { orgId: world.orgs[org], ...body });
    return response.status === 404 ? undefined : response;
  });

const ids: Record<string, string> = {};

beforeAll(async () => {
  province = await startTestProvince();
  world = await wishWorld(province);
  ids.forklift = ok(await publish('siming', forklift()), 201).id;
  ids.degree = ok(await publish('xiamen', { title: '学历提升（大专）网络课程', kind: 'degree', skills: [], startsAt: at(120), endsAt: at(24 * 200), seats: 200, online: true }), 201).id;
  ids.safety = ok(await publish('huli', { title: '电动车交通安全课', kind: 'safety', trade: 'delivery', skills: ['交通安全'], startsAt: at(72), endsAt: at(74), seats: 40, online: false, location: { address: '厦门市湖里区金尚路 1 号' } }), 201).id;
}, 60_000);

afterAll(async () => {
  await province?.stop();
});

const list = async (query = '') => ok(await world.bearer(world.staff.root, 'GET', `/v1/courses${query}`));
const names = (page: { items: { id: string }[] }) => page.items.map((item) => Object.entries(ids).find(([, id]) => id === item.id)?.[0]);

describe('courses', () => {
  it('are listed upcoming, soonest first, with seats left; by trade, and by region with online ones everywhere', async () => {
    const all = await list();
    expect(names(all)).toEqual(['forklift', 'safety', 'degree']);
    expect(all.items[0]).toMatchObject({ title: '叉车操作技能培训', kind: 'skills', seats: 5, seatsLeft: 5, orgName: '思明区总工会', regionCode: '350203' });
    expect(all.items[1]).toMatchObject({ regionCode: '350206' });
    expect(names(await list('?trade=courier_sorting'))).toEqual(['forklift']);
    expect(names(await list('?regionCode=350206'))).toEqual(['safety', 'degree']);
    expect(names(await list('?regionCode=350200'))).toEqual(['forklift', 'safety', 'degree']);
    expect(names(await list(`?from=${encodeURIComponent(at(60))}`))).toEqual(['safety', 'degree']);
    const first = await list('?limit=2');
    const second = await list(`?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`);
    expect([...names(first), ...names(second)]).toEqual(['forklift', 'safety', 'degree']);
    expect(second.nextCursor).toBeNull();
    // Any credential may read them; a worker too.
    const worker = await province.token({ role: 'worker', sub: 'reader' });
    expect(ok(await world.bearer(worker, 'GET', `/v1/courses/${ids.forklift}`))).toMatchObject({ id: ids.forklift, seatsLeft: 5, skills: ['叉车操作'] });
    expect((await world.bearer(worker, 'GET', '/v1/courses/crs_missing')).status).toBe(404);
  });

  it('are published only in the caller\'s subtree, with every bad field named, once per Idempotency-Key', async () => {
    expect((await world.bearer(world.staff.huli, 'POST', '/v1/courses', { orgId: world.orgs.siming, ...forklift() })).status).toBe(404);
    const bad = await world.bearer(world.staff.siming, 'POST', '/v1/courses', { orgId: world.orgs.siming, ...forklift({ endsAt: at(47), seats: 0, kind: 'cooking' }) });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['body.kind', 'body.seats']);
    const backwards = await world.bearer(world.staff.siming, 'POST', '/v1/courses', { orgId: world.orgs.siming, ...forklift({ endsAt: at(47) }) });
    expect(backwards.body.errors).toEqual([expect.objectContaining({ path: 'body.endsAt' })]);
    const outside = await world.bearer(world.staff.siming, 'POST', '/v1/courses', { orgId: world.orgs.siming, ...forklift({ location: { regionCode: '350206', address: '湖里区' } }) });
    expect(outside.body.errors).toEqual([expect.objectContaining({ path: 'body.location.regionCode' })]);

    const headers = { authorization: `Bearer ${world.staff.siming}`, 'idempotency-key': 'course-once' };
    const body = { orgId: world.orgs.siming, ...forklift({ title: '叉车操作复训', seats: 2, startsAt: at(24 * 30), endsAt: at(24 * 30 + 4) }) };
    const first = await province.request('POST', '/v1/courses', { body, headers });
    const again = await province.request('POST', '/v1/courses', { body, headers });
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('fill to exactly their seats under simultaneous enrollments: 12 members at once on 5 seats', async () => {
    const members = await Promise.all(Array.from({ length: 12 }, () => activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming })));
    const answers = await Promise.all(members.map((member) => world.bearer(member.token, 'POST', `/v1/courses/${ids.forklift}/enrollments`)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses, JSON.stringify(answers.map((answer) => answer.body))).toEqual([...Array(5).fill(201), ...Array(7).fill(409)]);
    for (const answer of answers.filter((a) => a.status === 201)) expect(answer.body).toEqual({ enrollmentId: expect.stringMatching(/^enr_/), courseId: ids.forklift, status: 'enrolled' });
    for (const answer of answers.filter((a) => a.status === 409)) expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(ok(await world.bearer(world.staff.root, 'GET', `/v1/courses/${ids.forklift}`))).toMatchObject({ seats: 5, seatsLeft: 0 });
    const enrolled = ok(await world.bearer(world.staff.siming, 'GET', `/v1/courses/${ids.forklift}/enrollments`));
    expect(enrolled.items).toHaveLength(5);
    expect(enrolled.items[0]).toEqual({ enrollmentId: expect.any(String), workerId: expect.stringMatching(/^worker:/), name: '林**', enrolledAt: expect.any(String), status: 'enrolled' });
    // A full course is full for a newcomer too.
    const late = await activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming });
    expect((await world.bearer(late.token, 'POST', `/v1/courses/${ids.forklift}/enrollments`)).body.detail).toContain('no seat left');
  });

  it('take one seat per member, and only members\' (403 for a worker without an active membership)', async () => {
    const member = await activeMember(province, { staffToken: world.staff.huli, orgId: world.orgs.huli, regionCode: '350206' });
    ok(await world.bearer(member.token, 'POST', `/v1/courses/${ids.safety}/enrollments`), 201);
    const twice = await world.bearer(member.token, 'POST', `/v1/courses/${ids.safety}/enrollments`);
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toContain('already enrolled');
    const stranger = await province.token({ role: 'worker', sub: 'not-a-member' });
    const refused = await world.bearer(stranger, 'POST', `/v1/courses/${ids.safety}/enrollments`);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(ok(await world.bearer(world.staff.huli, 'GET', `/v1/courses/${ids.safety}`)).seatsLeft).toBe(39);
  });

  it('show their enrollments to staff of the org or above only; another org\'s staff may not list or complete them', async () => {
    const page = ok(await world.bearer(world.staff.xiamen, 'GET', `/v1/courses/${ids.forklift}/enrollments?limit=2`));
    expect(page.items).toHaveLength(2);
    // Staff of the org complete only a course that has begun.
    const early = await world.bearer(world.staff.siming, 'POST', `/v1/courses/${ids.forklift}/completions`, { workerIds: [page.items[0].workerId] });
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('has not started');
    expect((await world.bearer(world.staff.huli, 'GET', `/v1/courses/${ids.forklift}/enrollments`)).status).toBe(404);
    const completion = await world.bearer(world.staff.huli, 'POST', `/v1/courses/${ids.forklift}/completions`, { workerIds: ['worker:anyone'] });
    expect(completion.status).toBe(403);
    const audit = ok(await world.bearer(world.admin, 'GET', '/v1/audit?action=enrollments.list'));
    expect(audit.items.length).toBeGreaterThanOrEqual(1);
  });

  it('issue certificates on completion, verifiable without credentials with the holder masked, whose skills show certified in job matches', async () => {
    // A course under way (completions are recorded once it has begun), and a member who seeks courier-sorting work.
    const course = ok(await publish('siming', forklift({ title: '叉车操作技能培训（第二期）', startsAt: at(-1), endsAt: at(3), seats: 10 })), 201);
    const member = await activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming });
    const other = await activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming });
    ok(await world.bearer(member.token, 'POST', `/v1/courses/${course.id}/enrollments`), 201);
    ok(await world.bearer(member.token, 'PUT', '/v1/job-seekers/me', { trades: ['courier_sorting'], skills: ['扫码枪'], regionCodes: ['350203'], days: [1, 2, 3, 4, 5] }));
    const employer = ok(await world.bearer(world.admin, 'POST', '/v1/accounts', { kind: 'employer', name: '厦门鹭岛物流有限公司', creditCode: validCreditCode(4242) }), 201);
    const job = ok(
      await world.keyed(employer.apiKey, 'POST', '/v1/jobs', jobPosting({ title: '仓库叉车司机', trade: 'courier_sorting', skills: ['叉车操作', '扫码枪'], schedule: { startDate: '2026-12-01', days: [1, 2, 3], start: '09:00', end: '17:00' } })),
      201,
    );

    // Only enrolled workers: the stranger is named where the body names them, and nothing is issued.
    const strangers = await world.bearer(world.staff.siming, 'POST', `/v1/courses/${course.id}/completions`, { workerIds: [member.workerId, other.workerId] });
    expect(strangers.status).toBe(409);
    expect(strangers.body.errors).toEqual([{ path: 'body.workerIds.1', message: 'is not enrolled in this course' }]);

    const issued = ok(await world.bearer(world.staff.siming, 'POST', `/v1/courses/${course.id}/completions`, { workerIds: [member.workerId] }));
    expect(issued).toEqual({ certificates: [{ workerId: member.workerId, certificateNo: expect.stringMatching(/^CERT-35-\d{4}-[0-9A-Z]{10}$/) }] });
    const { certificateNo } = issued.certificates[0];
    // Again, by staff above the org: the same certificate, not a second one.
    expect(ok(await world.bearer(world.staff.xiamen, 'POST', `/v1/courses/${course.id}/completions`, { workerIds: [member.workerId] }))).toEqual(issued);

    const verified = await province.request('GET', `/v1/certificates/${certificateNo}`);
    expect(ok(verified)).toEqual({
      valid: true,
      certificateNo,
      course: { id: course.id, title: '叉车操作技能培训（第二期）', kind: 'skills', trade: 'courier_sorting', skills: ['叉车操作'], orgName: '思明区总工会' },
      issuedAt: expect.any(String),
      holder: { name: '林**' },
    });
    const unknown = await province.request('GET', '/v1/certificates/CERT-35-2026-0000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect((await province.request('GET', '/v1/certificates/not-a-number')).status).toBe(400);

    // The jobs service hears of the certificate: the skill is certified on the profile and in the match's reasons.
    const match = await eventually(async () => {
      const matches = ok(await world.bearer(member.token, 'GET', '/v1/job-seekers/me/matches'));
      const found = matches.items.find((item: { job: { id: string } }) => item.job.id === job.id);
      return found?.reasons.some((reason: { text: string }) => reason.text.includes('（证书：叉车操作）')) ? found : undefined;
    }, 20_000);
    // A certified skill earns its share in full, a declared one two thirds: (15 + 10) / 2.
    expect(match.reasons.find((reason: { factor: string }) => reason.factor === 'skills')).toEqual({ factor: 'skills', points: 13, text: '技能重合 2/2：叉车操作、扫码枪（证书：叉车操作）' });
    // A later PUT of the profile keeps what the certificate vouches for.
    ok(await world.bearer(member.token, 'PUT', '/v1/job-seekers/me', { trades: ['courier_sorting'], skills: [], regionCodes: ['350203'], days: [1, 2, 3] }));
    expect(ok(await world.bearer(member.token, 'GET', '/v1/job-seekers/me')).certifiedSkills).toEqual([{ skill: '叉车操作', certificateNo }]);

    // Erasure: the certificate stays valid with an anonymous holder; nothing in the courses table
    // links the worker to a course. What remains names the account only until TTL removes it: the
    // membership's tombstone (it says only "erased") and the published CertificateIssued in the
    // outbox (kept a week, as every published event is).
    ok(await world.bearer(member.token, 'POST', '/v1/memberships/me/erasure'), 202);
    await eventually(async () => {
      const after = ok(await province.request('GET', `/v1/certificates/${certificateNo}`));
      if (after.holder.name !== null) return undefined;
      for await (const [table, item] of provinceItems(province)) {
        if (table !== 'courses' || !JSON.stringify(item).includes(member.workerId)) continue;
        if (item.sk === 'MEMBER' && item.status === 'erased' && !('maskedName' in item)) continue;
        if (String(item.pk).startsWith('OUTBOX#') && item.publishedAt) continue;
        return undefined;
      }
      return true;
    }, 20_000);
    const listed = ok(await world.bearer(world.staff.siming, 'GET', `/v1/courses/${course.id}/enrollments`));
    expect(listed.items).toEqual([expect.objectContaining({ workerId: null, name: null, status: 'completed', certificateNo })]);
    expect(ok(await world.bearer(world.staff.siming, 'GET', `/v1/courses/${course.id}`)).seatsLeft).toBe(9);
  });
});
