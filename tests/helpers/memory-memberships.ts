import type { Envelope } from '../../events/envelope.js';
import { joinLinkRefused } from '../../shared/crypto/join-link.js';
import { ConcurrentChangeError } from '../../shared/dynamo.js';
import type { OrgTreeNode } from '../../shared/projections/org-tree.js';
import { isToInvite, type RosteredRow } from '../../functions/membership/domain/coverage.js';
import { invitationKey } from '../../functions/membership/keys.js';
import { AlreadyMemberError, isLive, type Membership, type Transfer } from '../../functions/membership/domain/membership.js';
import { verificationDead, type ResendGuard, type Verification, type VerificationUse } from '../../functions/membership/domain/verification.js';
import { MemberNoRaceError, rosteredRowId, type MembershipRecord, type MembershipRepository } from '../../functions/membership/repository.js';

/**
 * The memberships table in memory, with the same conditions as the DynamoDB repository: each
 * write checks every condition first and then applies everything, or nothing.
 */
export function memoryMemberships() {
  const memberships = new Map<string, MembershipRecord>();
  const persons = new Map<string, string>();
  const pointers = new Map<string, { membershipId: string; status: string }>();
  const rows = new Map<string, RosteredRow>();
  const verifications = new Map<string, Verification>();
  const checkUse = (use: VerificationUse) => {
    const stored = verifications.get(use.id);
    if (!stored || stored.usedAt !== undefined || stored.tries !== use.triesRead) throw verificationDead();
  };
  const guards = new Map<string, ResendGuard>();
  const probes = new Map<string, number>();
  const revoked = new Set<string>();
  const transfers = new Map<string, Transfer>();
  const orgs = new Map<string, OrgTreeNode>();
  const counters = new Map<number, number>();
  const outbox: Envelope[] = [];
  const deletedEvents: string[] = [];
  const rowKey = rosteredRowId;
  const clone = <T>(value: T): T => structuredClone(value);

  const checkCoverage = (writes: { row: RosteredRow; expectedVersion: number }[]) => {
    for (const { row, expectedVersion } of writes) if (rows.get(rowKey(row))?.coverageVersion !== expectedVersion) throw new ConcurrentChangeError();
  };
  const applyCoverage = (writes: { row: RosteredRow; remove: boolean }[]) => {
    for (const { row, remove } of writes) remove ? rows.delete(rowKey(row)) : rows.set(rowKey(row), clone(row));
  };
  const checkMemberNo = (move: { year: number; seq: number } | undefined) => {
    if (move && (counters.get(move.year) ?? 0) !== move.seq - 1) throw new MemberNoRaceError();
  };
  const namingWorker = (events: Envelope[]) => events.filter((event) => event.type === 'MembershipStatusChanged').map((event) => event.id);

  const repository: MembershipRepository = {
    get: async (id) => clone(memberships.get(id)),
    getByWorker: async (workerId) => {
      const pointer = pointers.get(workerId);
      return pointer && clone(memberships.get(pointer.membershipId));
    },
    pointerOf: async (workerId) => pointers.get(workerId)?.membershipId,
    guardOwner: async (blindIndex) => persons.get(blindIndex),
    getOrg: async (orgId) => clone(orgs.get(orgId)),
    getTransfer: async (id) => clone(transfers.get(id)),
    rosteredRows: async (personIndex) => [...rows.values()].filter((row) => row.personIndex === personIndex).map(clone),
    rosteredRowsOf: async (keys) => new Map(keys.flatMap((key) => (rows.has(rowKey(key)) ? [[rowKey(key), clone(rows.get(rowKey(key))!)] as const] : []))),
    liveMemberships: async (indexes) =>
      new Map(indexes.flatMap((index) => {
        const owner = persons.get(index);
        const record = owner ? memberships.get(owner) : undefined;
        return record ? [[index, clone(record.membership)] as const] : [];
      })),
    memberNoSeq: async (year) => counters.get(year) ?? 0,
    getVerification: async (id) => clone(verifications.get(id)),
    resendGuards: async (indexes) => indexes.map((index) => clone(guards.get(index))),
    probeFailures: async (indexes, day) => indexes.map((index) => probes.get(`${index}|${day}`) ?? 0),

    async create(write) {
      const { membership, person } = write;
      if (persons.has(person.blindIndex)) throw new AlreadyMemberError();
      const pointer = pointers.get(membership.workerId!);
      if (pointer && isLive(pointer.status as Membership['status'])) throw new AlreadyMemberError();
      if (revoked.has(write.linkId)) throw joinLinkRefused();
      if (memberships.has(membership.id)) throw new ConcurrentChangeError();
      checkMemberNo(write.memberNo);
      if (write.verification) checkUse(write.verification);
      checkCoverage(write.coverage);
      persons.set(person.blindIndex, membership.id);
      pointers.set(membership.workerId!, { membershipId: membership.id, status: membership.status });
      memberships.set(membership.id, clone({ membership, person, eventIds: namingWorker(write.events) }));
      if (write.memberNo) counters.set(write.memberNo.year, write.memberNo.seq);
      if (write.verification) verifications.get(write.verification.id)!.usedAt = write.verification.usedAt;
      applyCoverage(write.coverage);
      outbox.push(...clone(write.events));
    },

    async commit(write) {
      const { before, after } = write;
      const id = before.membership.id;
      const workerId = before.membership.workerId;
      if (memberships.get(id)?.membership.version !== before.membership.version) throw new ConcurrentChangeError();
      if (workerId && write.pointer !== 'skip' && pointers.get(workerId)?.membershipId !== id) throw new ConcurrentChangeError();
      const blindIndex = before.person?.blindIndex;
      if (blindIndex && write.guard === 'release' && persons.get(blindIndex) !== id) throw new ConcurrentChangeError();
      if (blindIndex && write.guard === 'absent' && persons.has(blindIndex)) throw new ConcurrentChangeError();
      checkMemberNo(write.memberNo);
      if (write.linkId && revoked.has(write.linkId)) throw joinLinkRefused();
      if (write.transfer) {
        const stored = transfers.get(write.transfer.transfer.id);
        if (write.transfer.expect === 'new' ? stored : stored?.status !== 'pending') throw new ConcurrentChangeError();
      }
      checkCoverage(write.coverage);
      memberships.set(id, clone({
        membership: { ...after, version: before.membership.version + 1 },
        ...(write.keepPerson && before.person ? { person: before.person } : {}),
        eventIds: write.forgetEvents ? [] : [...before.eventIds, ...namingWorker(write.events)],
      }));
      if (workerId && write.pointer === 'update') pointers.set(workerId, { membershipId: id, status: after.status });
      if (workerId && write.pointer === 'delete') pointers.delete(workerId);
      if (blindIndex && write.guard === 'release') persons.delete(blindIndex);
      if (write.memberNo) counters.set(write.memberNo.year, write.memberNo.seq);
      if (write.transfer) transfers.set(write.transfer.transfer.id, clone(write.transfer.transfer));
      applyCoverage(write.coverage);
      if (write.forgetEvents) deletedEvents.push(...before.eventIds);
      outbox.push(...clone(write.events));
    },

    async createVerification(verification, newGuards, now) {
      if (verifications.has(verification.id)) throw new ConcurrentChangeError();
      if (newGuards.some((guard) => (guards.get(guard.index)?.nextAt ?? '') > now.toISOString())) throw new ConcurrentChangeError();
      verifications.set(verification.id, clone(verification));
      for (const guard of newGuards) guards.set(guard.index, clone(guard));
    },
    async withdrawVerification(verification, withdrawn) {
      if (verifications.get(verification.id)?.tries !== 0 || withdrawn.some((guard) => guards.get(guard.index)?.nextAt !== guard.nextAt)) throw new ConcurrentChangeError();
      verifications.delete(verification.id);
      for (const guard of withdrawn) guards.delete(guard.index);
    },
    async useVerification(use) {
      checkUse(use);
      verifications.get(use.id)!.usedAt = use.usedAt;
    },
    async recordWrongCode(id, triesRead) {
      const stored = verifications.get(id);
      if (stored?.tries !== triesRead) throw new ConcurrentChangeError();
      stored.tries = triesRead + 1;
    },
    async recordFailedJoin(list, day) {
      for (const { index, limit } of list) {
        const key = `${index}|${day}`;
        if ((probes.get(key) ?? 0) < limit) probes.set(key, (probes.get(key) ?? 0) + 1);
      }
    },
    async putRosteredRows(writes, events) {
      for (const { row, expectedVersion, membership } of writes) {
        if (rows.get(rowKey(row))?.coverageVersion !== expectedVersion) throw new ConcurrentChangeError();
        if (membership ? memberships.get(membership.id)?.membership.version !== membership.version : persons.has(row.personIndex)) throw new ConcurrentChangeError();
      }
      for (const { row } of writes) rows.set(rowKey(row), clone(row));
      outbox.push(...clone(events));
    },
    async addOrg(data) {
      if (orgs.has(data.orgId)) return false;
      orgs.set(data.orgId, { id: data.orgId, name: data.name, ancestors: data.ancestors, regionCode: data.regionCode });
      return true;
    },
    async revokeLink(link, event) {
      if (revoked.has(link.linkId)) return false;
      revoked.add(link.linkId);
      outbox.push(clone(event));
      return true;
    },
    async rowsToInvite(query) {
      const sortKey = (row: RosteredRow) => invitationKey(row);
      const items = [...rows.values()]
        .filter((row) => isToInvite(row) && row.regionCode.startsWith(query.district ?? query.city) && (query.station === undefined || (row.station ?? '') === query.station))
        .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
      const start = query.cursor ? Number(query.cursor) : 0;
      const next = start + query.limit;
      return { items: items.slice(start, next).map(clone), nextCursor: next < items.length ? String(next) : null };
    },
    async listByOrg(orgId, query) {
      const items = [...memberships.values()].map((record) => record.membership).filter((m) => m.orgId === orgId && (!query.status || m.status === query.status));
      return { items: items.slice(0, query.limit).map(clone), nextCursor: null };
    },
  };
  /** Puts a roster row as the rider projection would have. */
  const seedRow = (row: RosteredRow) => void rows.set(rowKey(row), clone(row));
  return { repository, seedRow, memberships, persons, pointers, rows, verifications, probes, revoked, counters, outbox, deletedEvents };
}
