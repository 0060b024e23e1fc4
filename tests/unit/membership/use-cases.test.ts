import { describe, expect, it } from 'vitest';
import { signJoinLink } from '../../../shared/crypto/join-link.js';
import { DependencyUnavailableError, SmsRecipientRefusedError } from '../../../shared/errors.js';
import { FAILED_JOINS_PER_PAIR } from '../../../functions/membership/domain/join-limits.js';
import { changeConsent } from '../../../functions/membership/use-cases/consent.js';
import { eraseForMember, eraseMine } from '../../../functions/membership/use-cases/erase.js';
import { join } from '../../../functions/membership/use-cases/join.js';
import { leaveMembership } from '../../../functions/membership/use-cases/leave.js';
import { projectRiders } from '../../../functions/membership/use-cases/project-events.js';
import { getMine } from '../../../functions/membership/use-cases/queries.js';
import { approveMembership, rejectMembership } from '../../../functions/membership/use-cases/review.js';
import { revokeJoinLink } from '../../../functions/membership/use-cases/revoke-join-link.js';
import { acceptTransfer, requestTransfer } from '../../../functions/membership/use-cases/transfer.js';
import { proveMobile, requestMobileVerification } from '../../../functions/membership/use-cases/verify-mobile.js';
import { alice, huli, memoryPorts, request, rosterRow, siming, staffOf, start, workerOf } from '../../helpers/membership-ports.js';

describe('join()', () => {
  it('keeps a person pending without a verified mobile, even on a roster, and seals the person', async () => {
    // Prepare
    const { ports, store } = memoryPorts();
    store.seedRow(rosterRow());
    // Act
    const membership = await join(await request(ports), workerOf('w1'), ports);
    // Assess
    expect(membership).toMatchObject({ status: 'pending', orgId: 'siming', orgName: '思明区总工会', ancestors: ['root', 'xiamen'], workerId: 'worker:w1' });
    expect(membership.masked).toEqual({ name: '林**', mobile: '138****0001', idNumber: '3502**********0018' });
    expect(store.persons.get(`id-number(${alice.idNumber})`)).toBe(membership.id);
    expect(store.outbox.map((event) => event.type)).toEqual(['MembershipStatusChanged']);
  });

  it('activates at once, with the year\'s next number, when a verified mobile and the name match the roster', async () => {
    const { ports, store, sent } = memoryPorts();
    store.seedRow(rosterRow());
    store.counters.set(2026, 41);
    const { verificationId } = await requestMobileVerification({ mobile: alice.mobile }, workerOf('w1'), ports);
    expect(sent).toEqual([{ mobile: alice.mobile, text: expect.stringContaining('123456') }]);
    const membership = await join(await request(ports, alice, { mobileVerification: { verificationId, code: '123456' } }), workerOf('w1'), ports);
    expect(membership).toMatchObject({ status: 'active', memberNo: '352026000042', platforms: ['闽送即配'] });
    expect(store.counters.get(2026)).toBe(42);
    expect(store.verifications.get(verificationId)?.usedAt).toBe(start.toISOString());
    const coverage = store.outbox.filter((event) => event.type === 'RiderMembershipChanged');
    expect(coverage.map((event) => event.data)).toEqual([{ riders: [expect.objectContaining({ riderId: 'r-1', isMember: true, sharedWithPlatforms: false })] }]);
  });

  it('stays pending when the roster row names someone else with that ID number', async () => {
    const { ports, store } = memoryPorts();
    store.seedRow(rosterRow({ ...alice, name: '林大东' }, { personIndex: `id-number(${alice.idNumber})` }));
    const { verificationId } = await requestMobileVerification({ mobile: alice.mobile }, workerOf('w1'), ports);
    const membership = await join(await request(ports, alice, { mobileVerification: { verificationId, code: '123456' } }), workerOf('w1'), ports);
    expect(membership.status).toBe('pending');
    expect(store.counters.get(2026)).toBeUndefined();
  });

  it('counts a wrong code as a try and writes no membership', async () => {
    const { ports, store } = memoryPorts();
    const { verificationId } = await requestMobileVerification({ mobile: alice.mobile }, workerOf('w1'), ports);
    await expect(join(await request(ports, alice, { mobileVerification: { verificationId, code: '654321' } }), workerOf('w1'), ports)).rejects.toMatchObject({
      status: 400,
      errors: [{ path: 'body.mobileVerification.code', message: expect.stringContaining('4 tries left') }],
    });
    expect(store.verifications.get(verificationId)?.tries).toBe(1);
    expect(store.memberships.size).toBe(0);
    expect(store.persons.size).toBe(0);
  });

  it('refuses a verification of another worker, or for another mobile', async () => {
    const { ports } = memoryPorts();
    const { verificationId } = await requestMobileVerification({ mobile: alice.mobile }, workerOf('w1'), ports);
    const mobileVerification = { verificationId, code: '123456' };
    await expect(join(await request(ports, alice, { mobileVerification }), workerOf('w2'), ports)).rejects.toMatchObject({ errors: [{ path: 'body.mobileVerification.verificationId' }] });
    await expect(join(await request(ports, { ...alice, mobile: '13800000009' }, { mobileVerification }), workerOf('w1'), ports)).rejects.toMatchObject({ errors: [{ path: 'body.mobile' }] });
  });

  it('counts a 409 for the worker and the pair, and refuses with 429 once the pair reaches its limit', async () => {
    const { ports, store } = memoryPorts();
    await join(await request(ports), workerOf('owner'), ports);
    for (let i = 0; i < FAILED_JOINS_PER_PAIR; i++) {
      await expect(join(await request(ports), workerOf('prober'), ports)).rejects.toMatchObject({ status: 409, message: 'This person already has a pending or active membership' });
    }
    expect(store.probes.get('worker(worker:prober)|2026-11-25')).toBe(FAILED_JOINS_PER_PAIR);
    await expect(join(await request(ports), workerOf('prober'), ports)).rejects.toMatchObject({ status: 429, retryAfterSeconds: 16 * 3600 });
    // Another worker is not limited by the prober's attempts on that ID number.
    await expect(join(await request(ports), workerOf('other'), ports)).rejects.toMatchObject({ status: 409 });
  });

  it('refuses a revoked link, and a region outside the province, writing nothing', async () => {
    const { ports, store } = memoryPorts();
    await revokeJoinLink({ orgId: 'siming', token: await signJoinLink(siming, ports.joinLinks) }, staffOf('xiamen'), ports);
    await expect(join(await request(ports), workerOf('w1'), ports)).rejects.toMatchObject({ status: 400, errors: [{ path: 'body.joinToken' }] });
    await expect(join(await request(ports, alice, { regionCode: '610102' }, huli), workerOf('w1'), ports)).rejects.toMatchObject({ status: 400, errors: [{ path: 'body.regionCode' }] });
    expect(store.memberships.size).toBe(0);
  });

  it('keeps a platform on the province list and counts any other as other', async () => {
    const { ports } = memoryPorts();
    expect((await join(await request(ports, alice, { platform: ' 美团 ' }), workerOf('w1'), ports)).platforms).toEqual(['美团']);
    const bob = { name: '黄志强', mobile: '13800000003', idNumber: '350206199203150018' };
    expect((await join(await request(ports, bob, { platform: 'Meituan Inc' }), workerOf('w2'), ports)).platforms).toEqual(['other']);
  });
});

describe('requestMobileVerification()', () => {
  it('refuses a resend to the same worker or mobile within a minute, with the seconds left', async () => {
    const { ports, sent, advance } = memoryPorts();
    await requestMobileVerification({ mobile: alice.mobile }, workerOf('w1'), ports);
    advance(20);
    await expect(requestMobileVerification({ mobile: alice.mobile }, workerOf('w2'), ports)).rejects.toMatchObject({ status: 429, retryAfterSeconds: 40 });
    await expect(requestMobileVerification({ mobile: '13800000009' }, workerOf('w1'), ports)).rejects.toMatchObject({ status: 429, retryAfterSeconds: 40 });
    advance(40);
    await requestMobileVerification({ mobile: alice.mobile }, workerOf('w2'), ports);
    expect(sent).toHaveLength(2);
  });

  it('sends the code as a template with its parameters, the verification id as idempotency key', async () => {
    const { ports } = memoryPorts();
    const sends: unknown[][] = [];
    ports.sms = { send: async (...args) => void sends.push(args) };
    const { verificationId } = await requestMobileVerification({ mobile: alice.mobile }, workerOf('w1'), ports);
    expect(sends).toEqual([[alice.mobile, { template: 'verification-code', params: { code: '123456', minutes: '5' }, text: expect.stringContaining('123456') }, verificationId]]);
  });

  it('leaves nothing behind when the SMS cannot be sent: no verification, no wait before the next try', async () => {
    const { ports, store } = memoryPorts();
    const refusals = [new SmsRecipientRefusedError(), new DependencyUnavailableError('The SMS gateway did not answer', 30)];
    for (const refusal of refusals) {
      ports.sms = { send: async () => Promise.reject(refusal) };
      const attempt = requestMobileVerification({ mobile: alice.mobile }, workerOf('w1'), ports);
      if (refusal instanceof SmsRecipientRefusedError) await expect(attempt).rejects.toMatchObject({ status: 400, errors: [{ path: 'body.mobile', message: expect.stringContaining('cannot receive SMS') }] });
      else await expect(attempt).rejects.toMatchObject({ status: 503, retryAfterSeconds: 30 });
      expect(store.verifications.size).toBe(0);
    }
    ports.sms = { send: async () => undefined };
    await expect(requestMobileVerification({ mobile: alice.mobile }, workerOf('w1'), ports)).resolves.toMatchObject({ verificationId: expect.any(String) });
  });
});

describe('proveMobile()', () => {
  it('uses a right code up, so the same code proves nothing a second time', async () => {
    const { ports, store } = memoryPorts();
    const { verificationId } = await requestMobileVerification({ mobile: alice.mobile }, workerOf('w1'), ports);
    await proveMobile({ verificationId, code: '123456', mobile: alice.mobile }, workerOf('w1'), ports);
    expect(store.verifications.get(verificationId)?.usedAt).toBe(start.toISOString());
    await expect(proveMobile({ verificationId, code: '123456', mobile: alice.mobile }, workerOf('w1'), ports)).rejects.toMatchObject({
      status: 400,
      errors: [{ path: 'body.mobileVerification.verificationId' }],
    });
  });

  it('counts a wrong code as a try, and refuses another worker\'s code or another mobile', async () => {
    const { ports, store } = memoryPorts();
    const { verificationId } = await requestMobileVerification({ mobile: alice.mobile }, workerOf('w1'), ports);
    await expect(proveMobile({ verificationId, code: '654321', mobile: alice.mobile }, workerOf('w1'), ports)).rejects.toMatchObject({ errors: [{ path: 'body.mobileVerification.code' }] });
    expect(store.verifications.get(verificationId)?.tries).toBe(1);
    await expect(proveMobile({ verificationId, code: '123456', mobile: alice.mobile }, workerOf('w2'), ports)).rejects.toMatchObject({ errors: [{ path: 'body.mobileVerification.verificationId' }] });
    await expect(proveMobile({ verificationId, code: '123456', mobile: '13800000009' }, workerOf('w1'), ports)).rejects.toMatchObject({ errors: [{ path: 'body.mobile' }] });
    expect(store.verifications.get(verificationId)?.usedAt).toBeUndefined();
  });
});

describe('erasure', () => {
  it('of an old membership never frees the guard of the person\'s newer one', async () => {
    const { ports, store } = memoryPorts();
    const old = await join(await request(ports), workerOf('w1'), ports);
    await leaveMembership(workerOf('w1'), ports);
    const current = await join(await request(ports), workerOf('w2'), ports);
    await eraseForMember(old.id, staffOf('siming'), ports);
    expect(store.persons.get(`id-number(${alice.idNumber})`)).toBe(current.id);
    await expect(join(await request(ports), workerOf('w3'), ports)).rejects.toMatchObject({ status: 409 });
    // The old membership was its account's latest, so that account is told to forget; the newer one is untouched.
    expect(store.outbox.filter((event) => event.type === 'WorkerErased').map((event) => event.data)).toEqual([{ workerId: 'worker:w1' }]);
    expect(store.pointers.get('worker:w2')).toEqual({ membershipId: current.id, status: 'pending' });
    expect(store.pointers.has('worker:w1')).toBe(false);
  });

  it('of the worker\'s own membership leaves no link to the account or the person, and tells other services', async () => {
    const { ports, store, forgotten } = memoryPorts();
    store.seedRow(rosterRow());
    const joined = await join(await request(ports), workerOf('w1'), ports);
    const approved = await approveMembership(joined.id, staffOf('xiamen'), ports);
    const erased = await eraseMine(workerOf('w1'), ports);
    expect(erased).toEqual({
      id: joined.id,
      orgId: 'siming',
      ancestors: ['root', 'xiamen'],
      status: 'erased',
      occupation: 'food_delivery',
      platforms: [],
      regionCode: '350203',
      joinSource: 'org',
      since: approved.since,
      createdAt: joined.createdAt,
      updatedAt: start.toISOString(),
      history: [],
      version: 1,
    });
    const stored = store.memberships.get(joined.id)!;
    expect(stored.person).toBeUndefined();
    expect(stored.eventIds).toEqual([]);
    expect(store.persons.size).toBe(0);
    expect(store.pointers.size).toBe(0);
    expect(store.rows.size).toBe(0);
    expect(store.deletedEvents).toHaveLength(2);
    const last = store.outbox.slice(-3);
    expect(last.map((event) => event.type)).toEqual(['MembershipStatusChanged', 'RiderMembershipChanged', 'WorkerErased']);
    expect(last[0]!.data).not.toHaveProperty('workerId');
    expect(last[1]!.data).toEqual({ riders: [expect.objectContaining({ isMember: false, sharedWithPlatforms: false })] });
    expect(last[2]!.data).toEqual({ workerId: 'worker:w1' });
    expect(forgotten).toEqual(['worker:w1']);
    await expect(getMine(workerOf('w1'), ports)).rejects.toMatchObject({ status: 404 });
    await expect(eraseForMember(joined.id, staffOf('siming'), ports)).rejects.toMatchObject({ status: 409 });
  });

  it('by staff outside the org\'s subtree is not found', async () => {
    const { ports } = memoryPorts();
    const joined = await join(await request(ports), workerOf('w1'), ports);
    await expect(eraseForMember(joined.id, staffOf('huli'), ports)).rejects.toMatchObject({ status: 404 });
    await expect(eraseForMember('mem_none', staffOf('siming'), ports)).rejects.toMatchObject({ status: 404 });
  });
});

describe('review, leave and transfer', () => {
  it('numbers approvals in order and frees the guard on rejection and leave', async () => {
    const { ports, store } = memoryPorts();
    const a = await join(await request(ports), workerOf('w1'), ports);
    const bob = { name: '黄志强', mobile: '13800000003', idNumber: '350206199203150018' };
    const b = await join(await request(ports, bob), workerOf('w2'), ports);
    expect((await approveMembership(a.id, staffOf('siming'), ports)).memberNo).toBe('352026000001');
    await expect(approveMembership(a.id, staffOf('siming'), ports)).rejects.toMatchObject({ status: 409 });
    await expect(approveMembership(b.id, staffOf('huli'), ports)).rejects.toMatchObject({ status: 404 });
    expect((await rejectMembership(b.id, '资料不全', staffOf('xiamen'), ports)).status).toBe('rejected');
    expect(store.persons.has(`id-number(${bob.idNumber})`)).toBe(false);
    expect(store.pointers.get('worker:w2')).toEqual({ membershipId: b.id, status: 'rejected' });
    expect((await leaveMembership(workerOf('w1'), ports)).status).toBe('left');
    expect(store.persons.size).toBe(0);
    await expect(leaveMembership(workerOf('nobody'), ports)).rejects.toMatchObject({ status: 404 });
  });

  it('moves a member to the org of another link once its staff accept, refusing a revoked link', async () => {
    const { ports } = memoryPorts();
    const joined = await join(await request(ports), workerOf('w1'), ports);
    await approveMembership(joined.id, staffOf('siming'), ports);
    const transfer = await requestTransfer({ joinToken: await signJoinLink(huli, ports.joinLinks) }, workerOf('w1'), ports);
    await expect(acceptTransfer(transfer.id, staffOf('siming'), ports)).rejects.toMatchObject({ status: 404 });
    const moved = await acceptTransfer(transfer.id, staffOf('huli'), ports);
    expect(moved.membership).toMatchObject({ orgId: 'huli', orgName: '湖里区总工会', history: [{ orgId: 'siming', transferId: transfer.id }] });
    await revokeJoinLink({ orgId: 'siming', token: await signJoinLink(siming, ports.joinLinks) }, staffOf('siming'), ports);
    await expect(requestTransfer({ joinToken: await signJoinLink(siming, ports.joinLinks) }, workerOf('w1'), ports)).rejects.toMatchObject({ status: 400 });
  });
});

describe('changeConsent()', () => {
  it('re-announces every roster row of an active member, and writes nothing when unchanged', async () => {
    const { ports, store } = memoryPorts();
    store.seedRow(rosterRow());
    const { verificationId } = await requestMobileVerification({ mobile: alice.mobile }, workerOf('w1'), ports);
    await join(await request(ports, alice, { mobileVerification: { verificationId, code: '123456' } }), workerOf('w1'), ports);
    const before = store.outbox.length;
    expect(await changeConsent({ shareWithPlatforms: false }, workerOf('w1'), ports)).toMatchObject({ shareWithPlatforms: false });
    expect(store.outbox).toHaveLength(before);
    const consent = await changeConsent({ shareWithPlatforms: true }, workerOf('w1'), ports);
    expect(consent).toEqual({ version: '2026-01', acceptedAt: start.toISOString(), shareWithPlatforms: true, sharingChangedAt: start.toISOString() });
    expect(store.outbox.slice(before).map((event) => event.data)).toEqual([{ riders: [expect.objectContaining({ riderId: 'r-1', isMember: true, sharedWithPlatforms: true })] }]);
    await expect(changeConsent({ shareWithPlatforms: true }, workerOf('nobody'), ports)).rejects.toMatchObject({ status: 404 });
  });
});

describe('revokeJoinLink()', () => {
  it('is not found outside the caller\'s subtree or for another org than the token\'s, and idempotent', async () => {
    const { ports, store } = memoryPorts();
    const token = await signJoinLink(siming, ports.joinLinks);
    await expect(revokeJoinLink({ orgId: 'siming', token }, staffOf('huli'), ports)).rejects.toMatchObject({ status: 404 });
    await expect(revokeJoinLink({ orgId: 'huli', token }, staffOf('xiamen'), ports)).rejects.toMatchObject({ status: 404 });
    await expect(revokeJoinLink({ orgId: 'siming', token: 'x.y' }, staffOf('siming'), ports)).rejects.toMatchObject({ errors: [{ path: 'path.token' }] });
    await revokeJoinLink({ orgId: 'siming', token }, staffOf('siming'), ports);
    await revokeJoinLink({ orgId: 'siming', token }, staffOf('siming'), ports);
    expect(store.outbox.map((event) => [event.type, event.data])).toEqual([['JoinLinkRevoked', { linkId: 'jl_siming', orgId: 'siming' }]]);
  });
});

describe('projectRiders()', () => {
  const announcement = { partnerId: 'acc_p', platform: '闽送即配', riderId: 'r-1', personIndex: `id-number(${alice.idNumber})`, contactIndex: 'c', status: 'active' as const, regionCode: '350203', station: null };
  const envelopeAt = (occurredAt: string) => ({ id: `e-${occurredAt}`, type: 'RiderStatusChanged', version: 1, occurredAt, province: '35', data: announcement });

  it('keeps the newest row and announces membership as the person\'s live membership has it', async () => {
    const { ports, store } = memoryPorts();
    await projectRiders([announcement], envelopeAt('2026-11-25T07:00:00.000Z'), ports);
    expect(store.outbox.at(-1)!.data).toEqual({ riders: [expect.objectContaining({ rostered: true, isMember: false, sharedWithPlatforms: false })] });
    const joined = await join(await request(ports), workerOf('w1'), ports);
    await approveMembership(joined.id, staffOf('siming'), ports);
    await projectRiders([{ ...announcement, status: 'departed' }], envelopeAt('2026-11-25T07:30:00.000Z'), ports);
    expect(store.outbox.at(-1)!.data).toEqual({ riders: [expect.objectContaining({ rostered: false, isMember: true })] });
    const count = store.outbox.length;
    await projectRiders([announcement], envelopeAt('2026-11-25T06:00:00.000Z'), ports);
    expect(store.outbox).toHaveLength(count);
    expect([...store.rows.values()]).toEqual([expect.objectContaining({ status: 'departed', contactIndex: 'c' })]);
  });
});
