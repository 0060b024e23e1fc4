import { describe, expect, it, vi } from 'vitest';
import { signJoinLink } from '../../../shared/crypto/join-link.js';
import { ConcurrentChangeError, TransactionConflictError } from '../../../shared/dynamo.js';
import type { Membership } from '../../../functions/membership/domain/membership.js';
import { MemberNoRaceError, type MembershipRecord } from '../../../functions/membership/repository.js';
import { changeConsent } from '../../../functions/membership/use-cases/consent.js';
import { eraseForMember, eraseMine } from '../../../functions/membership/use-cases/erase.js';
import { join } from '../../../functions/membership/use-cases/join.js';
import { leaveMembership } from '../../../functions/membership/use-cases/leave.js';
import { coverageFor } from '../../../functions/membership/use-cases/ports.js';
import { projectOrg, projectRiders } from '../../../functions/membership/use-cases/project-events.js';
import { getMine, listOrgMemberships } from '../../../functions/membership/use-cases/queries.js';
import { approveMembership, rejectMembership } from '../../../functions/membership/use-cases/review.js';
import { acceptTransfer, requestTransfer } from '../../../functions/membership/use-cases/transfer.js';
import { alice, huli, memoryPorts, request, rosterRow, staffOf, start, workerOf } from '../../helpers/membership-ports.js';

/** The exact writes the use cases hand the repository: the memory repository accepts more than the real one checks. */

const bob = { name: '黄志强', mobile: '13800000003', idNumber: '350206199203150018' };
const notFound = (what = 'membership') => ({ status: 404, message: `No ${what} in your scope` });

async function activeMember(setup = memoryPorts(), who = alice, worker = 'w1') {
  const joined = await join(await request(setup.ports, who), workerOf(worker), setup.ports);
  const approved = await approveMembership(joined.id, staffOf('siming'), setup.ports);
  return { ...setup, joined, approved };
}

/** Lets `times` calls of `method` fail with `error()` before it works as before. */
function failing<K extends 'commit' | 'create'>(store: ReturnType<typeof memoryPorts>['store'], method: K, errors: (() => Error)[]) {
  const real = store.repository[method].bind(store.repository) as (...args: unknown[]) => Promise<void>;
  const queue = [...errors];
  return vi.spyOn(store.repository, method).mockImplementation((async (...args: unknown[]) => {
    const next = queue.shift();
    if (next) throw next();
    return real(...args);
  }) as never);
}

describe('approveMembership()', () => {
  it('commits the membership with the pointer, the year\'s counter and the roster rows re-announced', async () => {
    const { ports, store } = memoryPorts();
    store.seedRow(rosterRow());
    store.counters.set(2026, 6);
    const joined = await join(await request(ports), workerOf('w1'), ports);
    const before = store.memberships.get(joined.id)!;
    const commit = vi.spyOn(store.repository, 'commit');
    const approved = await approveMembership(joined.id, staffOf('siming'), ports);
    expect(approved).toMatchObject({ status: 'active', memberNo: '352026000007', since: start.toISOString() });
    expect(commit).toHaveBeenCalledTimes(1);
    const write = commit.mock.calls[0]![0];
    expect(write).toEqual({
      before,
      after: approved,
      keepPerson: true,
      events: [expect.objectContaining({ type: 'MembershipStatusChanged' }), expect.objectContaining({ type: 'RiderMembershipChanged' })],
      pointer: 'update',
      guard: 'keep',
      memberNo: { year: 2026, seq: 7 },
      coverage: [{ row: expect.objectContaining({ riderId: 'r-1' }), expectedVersion: 1, remove: false }],
      forgetEvents: false,
    });
    expect(write.events[1]!.data).toEqual({ riders: [expect.objectContaining({ riderId: 'r-1', isMember: true })] });
    expect(store.memberships.get(joined.id)!.person).toEqual(before.person);
  });

  it('reads again after losing a race for the number or the row, and gives up on any other error', async () => {
    const { ports, store } = memoryPorts();
    const joined = await join(await request(ports), workerOf('w1'), ports);
    const commit = failing(store, 'commit', [() => new MemberNoRaceError(), () => new ConcurrentChangeError(), () => new TransactionConflictError()]);
    expect((await approveMembership(joined.id, staffOf('siming'), ports)).memberNo).toBe('352026000001');
    expect(commit).toHaveBeenCalledTimes(4);

    const other = await join(await request(ports, bob), workerOf('w2'), ports);
    commit.mockRejectedValueOnce(new Error('disk full'));
    await expect(approveMembership(other.id, staffOf('siming'), ports)).rejects.toThrow('disk full');
    expect(commit).toHaveBeenCalledTimes(5);
  });

  it('is not found for an unknown membership', async () => {
    const { ports } = memoryPorts();
    await expect(approveMembership('mem_none', staffOf('siming'), ports)).rejects.toMatchObject(notFound());
    await expect(rejectMembership('mem_none', 'x', staffOf('siming'), ports)).rejects.toMatchObject(notFound());
  });
});

describe('rejectMembership()', () => {
  it('commits the rejection with the pointer, releasing the guard, and no roster rows', async () => {
    const { ports, store } = memoryPorts();
    store.seedRow(rosterRow());
    const joined = await join(await request(ports), workerOf('w1'), ports);
    const before = store.memberships.get(joined.id)!;
    const commit = vi.spyOn(store.repository, 'commit');
    const rejected = await rejectMembership(joined.id, '资料不全', staffOf('siming'), ports);
    expect(rejected).toMatchObject({ status: 'rejected', rejectionReason: '资料不全' });
    expect(commit.mock.calls).toEqual([[{
      before,
      after: rejected,
      keepPerson: true,
      events: [expect.objectContaining({ type: 'MembershipStatusChanged' })],
      pointer: 'update',
      guard: 'release',
      coverage: [],
      forgetEvents: false,
    }]]);
  });
});

describe('leaveMembership()', () => {
  it('commits the departure with the pointer, the guard released and the rows told the person is no member', async () => {
    const setup = memoryPorts();
    setup.store.seedRow(rosterRow());
    const { ports, store, joined } = await activeMember(setup);
    const before = store.memberships.get(joined.id)!;
    const commit = vi.spyOn(store.repository, 'commit');
    const left = await leaveMembership(workerOf('w1'), ports);
    expect(left.status).toBe('left');
    expect(commit.mock.calls).toEqual([[{
      before,
      after: left,
      keepPerson: true,
      events: [expect.objectContaining({ type: 'MembershipStatusChanged' }), expect.objectContaining({ type: 'RiderMembershipChanged', data: { riders: [expect.objectContaining({ isMember: false })] } })],
      pointer: 'update',
      guard: 'release',
      coverage: [{ row: expect.objectContaining({ riderId: 'r-1' }), expectedVersion: expect.any(Number), remove: false }],
      forgetEvents: false,
    }]]);
    await expect(leaveMembership(workerOf('nobody'), ports)).rejects.toMatchObject(notFound());
  });
});

describe('changeConsent()', () => {
  it('commits only a changed answer, skipping the pointer and keeping the guard', async () => {
    const { ports, store, joined } = await activeMember();
    const before = store.memberships.get(joined.id)!;
    const commit = vi.spyOn(store.repository, 'commit');
    expect(await changeConsent({ shareWithPlatforms: false }, workerOf('w1'), ports)).toEqual(before.membership.consent);
    expect(commit).not.toHaveBeenCalled();
    const consent = await changeConsent({ shareWithPlatforms: true }, workerOf('w1'), ports);
    expect(consent.shareWithPlatforms).toBe(true);
    expect(commit.mock.calls).toEqual([[{
      before,
      after: { ...before.membership, consent, updatedAt: start.toISOString() },
      keepPerson: true,
      events: [],
      pointer: 'skip',
      guard: 'keep',
      coverage: [],
      forgetEvents: false,
    }]]);
    await expect(changeConsent({ shareWithPlatforms: true }, workerOf('nobody'), ports)).rejects.toMatchObject(notFound());
  });
});

describe('transfers', () => {
  it('requests one with a new transfer on the link, without an event or the pointer', async () => {
    const { ports, store, joined } = await activeMember();
    const before = store.memberships.get(joined.id)!;
    const commit = vi.spyOn(store.repository, 'commit');
    const transfer = await requestTransfer({ joinToken: await signJoinLink(huli, ports.joinLinks) }, workerOf('w1'), ports);
    expect(transfer).toEqual({
      id: 'trf_2',
      membershipId: joined.id,
      fromOrgId: 'siming',
      to: { id: 'huli', name: '湖里区总工会', ancestors: ['root', 'xiamen'] },
      status: 'pending',
      createdAt: start.toISOString(),
    });
    expect(commit.mock.calls).toEqual([[{
      before,
      after: { ...before.membership, pendingTransferId: 'trf_2', updatedAt: start.toISOString() },
      keepPerson: true,
      events: [],
      pointer: 'skip',
      guard: 'keep',
      transfer: { transfer, expect: 'new' },
      linkId: 'jl_huli',
      coverage: [],
      forgetEvents: false,
    }]]);
    await expect(requestTransfer({ joinToken: await signJoinLink(huli, ports.joinLinks) }, workerOf('nobody'), ports)).rejects.toMatchObject(notFound());
  });

  it('accepts one with the pointer and the pending transfer, announcing the move', async () => {
    const { ports, store, joined } = await activeMember();
    const transfer = await requestTransfer({ joinToken: await signJoinLink(huli, ports.joinLinks) }, workerOf('w1'), ports);
    const before = store.memberships.get(joined.id)!;
    const commit = vi.spyOn(store.repository, 'commit');
    const moved = await acceptTransfer(transfer.id, staffOf('huli'), ports);
    expect(moved.transfer).toEqual({ ...transfer, status: 'accepted' });
    expect(commit.mock.calls).toEqual([[{
      before,
      after: moved.membership,
      keepPerson: true,
      events: [expect.objectContaining({ type: 'MembershipStatusChanged' })],
      pointer: 'update',
      guard: 'keep',
      transfer: { transfer: moved.transfer, expect: 'pending' },
      coverage: [],
      forgetEvents: false,
    }]]);
    await expect(acceptTransfer('trf_none', staffOf('huli'), ports)).rejects.toMatchObject(notFound('transfer'));
  });
});

describe('business metrics of joins and activations', () => {
  it('counts a pending join once, and its approval as one activation', async () => {
    const setup = memoryPorts();
    const joined = await join(await request(setup.ports), workerOf('w1'), setup.ports);
    expect(setup.counted).toEqual(['MemberJoined']);
    await approveMembership(joined.id, staffOf('siming'), setup.ports);
    expect(setup.counted).toEqual(['MemberJoined', 'MemberActivated']);
  });

  it('counts nothing for a join refused as a second membership', async () => {
    const { counted, ports } = await activeMember();
    counted.length = 0;
    await expect(join(await request(ports), workerOf('w2'), ports)).rejects.toMatchObject({ status: 409 });
    expect(counted).toEqual([]);
  });
});

describe('join() writes', () => {
  it('seals the person under the new membership id and asks no number for a pending one', async () => {
    const { ports, store } = memoryPorts();
    const encrypt = vi.spyOn(ports.vault, 'encrypt');
    const memberNoSeq = vi.spyOn(store.repository, 'memberNoSeq');
    const create = vi.spyOn(store.repository, 'create');
    const membership = await join(await request(ports), workerOf('w1'), ports);
    expect(membership.id).toBe('mem_1');
    expect(encrypt).toHaveBeenCalledWith(JSON.stringify(alice), { membershipId: 'mem_1' });
    expect(memberNoSeq).not.toHaveBeenCalled();
    expect(create.mock.calls).toEqual([[{
      membership,
      person: { blindIndex: `id-number(${alice.idNumber})`, ciphertext: `sealed(${JSON.stringify(alice).length})` },
      events: [expect.objectContaining({ type: 'MembershipStatusChanged' })],
      linkId: 'jl_siming',
      coverage: [],
    }]]);
  });

  it('retries a lost race for the number, and counts a refusal for the worker and the pair until the next day', async () => {
    const { ports, store } = memoryPorts();
    const create = failing(store, 'create', [() => new MemberNoRaceError(), () => new ConcurrentChangeError(), () => new TransactionConflictError()]);
    await join(await request(ports), workerOf('owner'), ports);
    expect(create).toHaveBeenCalledTimes(4);
    const recordFailedJoin = vi.spyOn(store.repository, 'recordFailedJoin');
    await expect(join(await request(ports), workerOf('prober'), ports)).rejects.toMatchObject({ status: 409 });
    expect(recordFailedJoin.mock.calls).toEqual([[
      [
        { index: 'worker(worker:prober)', limit: expect.any(Number) },
        { index: `join-probe(id-number(${alice.idNumber})\u0000worker:prober)`, limit: expect.any(Number) },
      ],
      '2026-11-25',
      start.getTime() / 1000 + 16 * 3600,
    ]]);
    expect(store.probes.get(`join-probe(id-number(${alice.idNumber})\u0000worker:prober)|2026-11-25`)).toBe(1);
  });

  it('counts no refusal for any other error, and does not retry it', async () => {
    const { ports, store } = memoryPorts();
    const create = failing(store, 'create', [() => new Error('disk full')]);
    await expect(join(await request(ports), workerOf('w1'), ports)).rejects.toThrow('disk full');
    expect(create).toHaveBeenCalledTimes(1);
    expect(store.probes.size).toBe(0);
  });
});

describe('erasure writes', () => {
  it('of the current membership releases the guard, deletes the pointer and the rows, and forgets the requests', async () => {
    const setup = memoryPorts();
    setup.store.seedRow(rosterRow());
    const { ports, store, joined, forgotten } = await activeMember(setup);
    const before = store.memberships.get(joined.id)!;
    const commit = vi.spyOn(store.repository, 'commit');
    const erased = await eraseMine(workerOf('w1'), ports);
    expect(commit.mock.calls).toEqual([[{
      before,
      after: erased,
      keepPerson: false,
      events: [
        expect.objectContaining({ type: 'MembershipStatusChanged' }),
        expect.objectContaining({ type: 'RiderMembershipChanged' }),
        expect.objectContaining({ type: 'WorkerErased', data: { workerId: 'worker:w1' } }),
      ],
      pointer: 'delete',
      guard: 'release',
      coverage: [{ row: expect.objectContaining({ riderId: 'r-1' }), expectedVersion: expect.any(Number), remove: true }],
      forgetEvents: true,
    }]]);
    expect(forgotten).toEqual(['worker:w1']);
    await expect(eraseMine(workerOf('w1'), ports)).rejects.toMatchObject(notFound());
  });

  it('of a left membership with no guard left checks the guard is absent and still deletes the rows', async () => {
    const setup = memoryPorts();
    setup.store.seedRow(rosterRow());
    const { ports, store, joined } = await activeMember(setup);
    await leaveMembership(workerOf('w1'), ports);
    const commit = vi.spyOn(store.repository, 'commit');
    await eraseForMember(joined.id, staffOf('siming'), ports);
    const write = commit.mock.calls[0]![0];
    expect(write.guard).toBe('absent');
    expect(write.pointer).toBe('delete');
    expect(write.coverage).toEqual([{ row: expect.objectContaining({ riderId: 'r-1' }), expectedVersion: expect.any(Number), remove: true }]);
    expect(store.rows.size).toBe(0);
  });

  it('of an old membership of an account that joined again keeps the guard, the pointer, the rows and the requests', async () => {
    const { ports, store, forgotten } = memoryPorts();
    store.seedRow(rosterRow());
    const old = await join(await request(ports), workerOf('w1'), ports);
    await leaveMembership(workerOf('w1'), ports);
    const current = await join(await request(ports), workerOf('w1'), ports);
    const commit = vi.spyOn(store.repository, 'commit');
    await eraseForMember(old.id, staffOf('siming'), ports);
    expect(commit.mock.calls[0]![0]).toMatchObject({ guard: 'keep', pointer: 'skip', coverage: [], events: [expect.objectContaining({ type: 'MembershipStatusChanged' })] });
    expect(commit.mock.calls[0]![0].events).toHaveLength(1);
    expect(forgotten).toEqual([]);
    expect(store.pointers.get('worker:w1')).toEqual({ membershipId: current.id, status: 'pending' });
    expect(store.rows.size).toBe(1);
  });

  it('of a membership without a person or a worker keeps the guard and touches no pointer', async () => {
    const { ports, store, forgotten } = memoryPorts();
    const joined = await join(await request(ports), workerOf('w1'), ports);
    const { person: _person, ...record } = store.memberships.get(joined.id)!;
    const { workerId: _worker, ...anonymous } = record.membership;
    store.memberships.set(joined.id, { ...record, membership: anonymous as Membership });
    const guardOwner = vi.spyOn(store.repository, 'guardOwner');
    const pointerOf = vi.spyOn(store.repository, 'pointerOf');
    const commit = vi.spyOn(store.repository, 'commit');
    await eraseForMember(joined.id, staffOf('siming'), ports);
    expect(guardOwner).not.toHaveBeenCalled();
    expect(pointerOf).not.toHaveBeenCalled();
    expect(commit.mock.calls[0]![0]).toMatchObject({ guard: 'keep', pointer: 'skip', coverage: [] });
    expect(commit.mock.calls[0]![0].events.map((event) => event.type)).toEqual(['MembershipStatusChanged']);
    expect(forgotten).toEqual([]);
  });
});

describe('coverageFor()', () => {
  async function recordOf(active: boolean) {
    const setup = memoryPorts();
    setup.store.seedRow(rosterRow());
    const joined = await join(await request(setup.ports), workerOf('w1'), setup.ports);
    if (active) await approveMembership(joined.id, staffOf('siming'), setup.ports);
    const rosteredRows = vi.spyOn(setup.store.repository, 'rosteredRows');
    return { ...setup, record: setup.store.memberships.get(joined.id)!, rosteredRows };
  }
  const none = { writes: [], events: [] };

  it('loads no rows when neither membership nor sharing changes', async () => {
    const { ports, record, rosteredRows } = await recordOf(true);
    expect(await coverageFor(ports, record, { ...record.membership, updatedAt: 'later' }, start)).toEqual(none);
    const pending = await recordOf(false);
    expect(await coverageFor(pending.ports, pending.record, undefined, start)).toEqual(none);
    expect(rosteredRows).not.toHaveBeenCalled();
    expect(pending.rosteredRows).not.toHaveBeenCalled();
  });

  it('re-announces the rows when membership ends, when sharing changes, or on erasure', async () => {
    const { ports, record } = await recordOf(true);
    const ended = await coverageFor(ports, record, undefined, start);
    expect(ended.writes).toEqual([{ row: expect.objectContaining({ riderId: 'r-1' }), expectedVersion: expect.any(Number), remove: false }]);
    expect(ended.events.map((event) => event.data)).toEqual([{ riders: [expect.objectContaining({ isMember: false, sharedWithPlatforms: false })] }]);
    const consent = { ...record.membership.consent!, shareWithPlatforms: true };
    const shared = await coverageFor(ports, record, { ...record.membership, consent }, start);
    expect(shared.events.map((event) => event.data)).toEqual([{ riders: [expect.objectContaining({ isMember: true, sharedWithPlatforms: true })] }]);
    const pending = await recordOf(false);
    const erased = await coverageFor(pending.ports, pending.record, undefined, start, { erase: true });
    expect(erased.writes).toEqual([{ row: expect.objectContaining({ riderId: 'r-1' }), expectedVersion: 1, remove: true }]);
  });

  it('loads nothing with rows: false or without a person', async () => {
    const { ports, record, rosteredRows } = await recordOf(true);
    expect(await coverageFor(ports, record, undefined, start, { erase: true, rows: false })).toEqual(none);
    const { person: _person, ...anonymous } = record;
    expect(await coverageFor(ports, anonymous, undefined, start, { erase: true })).toEqual(none);
    expect(rosteredRows).not.toHaveBeenCalled();
    expect(await coverageFor(ports, record, undefined, start, { rows: true })).toMatchObject({ writes: [expect.anything()] });
  });
});

describe('project events', () => {
  const announcement = { partnerId: 'acc_p', platform: '闽送即配', riderId: 'r-1', personIndex: `id-number(${alice.idNumber})`, contactIndex: 'c', status: 'active' as const, regionCode: '350203', station: null };
  const envelopeAt = (occurredAt: string) => ({ id: `e-${occurredAt}`, type: 'RiderStatusChanged', version: 1, occurredAt, province: '35', data: announcement });

  it('writes the row with the live membership\'s version, or none without one', async () => {
    const { ports, store } = memoryPorts();
    const put = vi.spyOn(store.repository, 'putRosteredRows');
    await projectRiders([announcement], envelopeAt('2026-11-25T07:00:00.000Z'), ports);
    expect(put.mock.calls[0]![0]).toEqual([expect.objectContaining({ expectedVersion: undefined, membership: undefined })]);
    const { joined } = await activeMember({ ports, store } as ReturnType<typeof memoryPorts>);
    await projectRiders([announcement], envelopeAt('2026-11-25T07:30:00.000Z'), ports);
    expect(put.mock.calls[1]![0]).toEqual([expect.objectContaining({ expectedVersion: expect.any(Number), membership: { id: joined.id, version: 1 } })]);
    expect(put.mock.calls[1]![1]).toEqual([expect.objectContaining({ type: 'RiderMembershipChanged', version: 2, data: { riders: [expect.objectContaining({ isMember: true })] } })]);
  });

  it('retries a concurrent change five times, even when the guard names a membership it cannot read', async () => {
    const { ports, store } = memoryPorts();
    store.persons.set(announcement.personIndex, 'mem_ghost');
    const read = vi.spyOn(store.repository, 'rosteredRowsOf');
    const put = vi.spyOn(store.repository, 'putRosteredRows');
    await expect(projectRiders([announcement], envelopeAt('2026-11-25T07:00:00.000Z'), ports)).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect(read).toHaveBeenCalledTimes(5);
    expect(put.mock.calls[0]![0][0]!.membership).toBeUndefined();
  });

  it('writes the riders of one announcement 49 to a transaction, each slice with its one announcement', async () => {
    const { ports, store } = memoryPorts();
    const put = vi.spyOn(store.repository, 'putRosteredRows');
    const riders = Array.from({ length: 98 }, (_, i) => ({ ...announcement, riderId: `r-${i}`, personIndex: `p-${i % 60}` }));
    await projectRiders(riders, envelopeAt('2026-11-25T07:00:00.000Z'), ports);
    expect(put.mock.calls.map(([writes, events]) => [writes.length, events.length])).toEqual([[49, 1], [49, 1]]);
    expect(store.outbox.flatMap((event) => (event.data as { riders: { riderId: string }[] }).riders.map((rider) => rider.riderId))).toEqual(riders.map((rider) => rider.riderId));
    expect(store.rows.size).toBe(98);
  });

  it('adds a new org to the tree copy', async () => {
    const { ports } = memoryPorts();
    const data = { orgId: 'tongan', name: '同安区总工会', kind: 'federation' as const, parentId: 'xiamen', ancestors: ['root', 'xiamen'], regionCode: '350212' };
    await projectOrg(data, { id: 'e-1', type: 'OrgCreated', version: 1, occurredAt: start.toISOString(), province: '35', data }, ports);
    expect(await ports.memberships.getOrg('tongan')).toEqual({ id: 'tongan', name: '同安区总工会', ancestors: ['root', 'xiamen'], regionCode: '350212' });
  });
});

describe('queries', () => {
  it('names the org from the membership, else from the tree copy, else null', async () => {
    const { ports, store } = memoryPorts();
    const joined = await join(await request(ports), workerOf('w1'), ports);
    expect(await getMine(workerOf('w1'), ports)).toEqual({ membership: joined, orgName: '思明区总工会' });
    const record: MembershipRecord = store.memberships.get(joined.id)!;
    const { orgName: _name, ...unnamed } = record.membership;
    store.memberships.set(joined.id, { ...record, membership: unnamed });
    expect(await getMine(workerOf('w1'), ports)).toEqual({ membership: unnamed, orgName: null });
    const data = { orgId: 'siming', name: '思明区工会', kind: 'federation' as const, parentId: 'xiamen', ancestors: ['root', 'xiamen'], regionCode: '350203' };
    await projectOrg(data, { id: 'e-1', type: 'OrgCreated', version: 1, occurredAt: start.toISOString(), province: '35', data }, ports);
    expect((await getMine(workerOf('w1'), ports)).orgName).toBe('思明区工会');
    await expect(getMine(workerOf('nobody'), ports)).rejects.toMatchObject(notFound());
  });

  it('lists an org\'s memberships for staff in scope, and not found for anyone else', async () => {
    const { ports } = memoryPorts();
    const joined = await join(await request(ports), workerOf('w1'), ports);
    const data = { orgId: 'siming', name: '思明区总工会', kind: 'federation' as const, parentId: 'xiamen', ancestors: ['root', 'xiamen'], regionCode: '350203' };
    await projectOrg(data, { id: 'e-1', type: 'OrgCreated', version: 1, occurredAt: start.toISOString(), province: '35', data }, ports);
    expect(await listOrgMemberships({ orgId: 'siming', limit: 10 }, staffOf('xiamen'), ports)).toEqual({ items: [joined], nextCursor: null });
    await expect(listOrgMemberships({ orgId: 'siming', limit: 10 }, staffOf('huli'), ports)).rejects.toMatchObject(notFound('org'));
    await expect(listOrgMemberships({ orgId: 'nowhere', limit: 10 }, staffOf('xiamen'), ports)).rejects.toMatchObject(notFound('org'));
  });
});
