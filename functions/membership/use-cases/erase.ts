import { auditRecord, type AuditEntry } from '../../../shared/audit.js';
import type { Caller } from '../../../shared/auth/caller.js';
import { erase as decideErasure, MembershipNotFoundError, reviewable, type Membership } from '../domain/membership.js';
import type { MembershipRecord } from '../repository.js';
import { coverageFor, type MembershipPorts } from './ports.js';

/** A worker erases their own (latest) membership: `POST /v1/memberships/me/erasure`. */
export async function eraseMine(caller: Pick<Caller, 'principalId'>, ports: MembershipPorts): Promise<Membership> {
  const record = await ports.memberships.getByWorker(caller.principalId);
  if (!record) throw new MembershipNotFoundError();
  return eraseRecord(record, ports);
}

/** Staff carry out an erasure the member asked for in person: any membership in their subtree, old ones too. */
export async function eraseForMember(membershipId: string, caller: Caller, ports: MembershipPorts): Promise<Membership> {
  const record = await ports.memberships.get(membershipId);
  reviewable(caller, record?.membership);
  return eraseRecord(record!, ports, { action: 'member.erase', actor: caller, orgId: record!.membership.orgId, subjects: [membershipId] });
}

/**
 * Erases a membership (PIPL): afterwards nothing links the person or the worker account to it.
 *
 * 1. Decide (`erase`): the membership keeps only anonymous fields; the status event omits the
 *    worker id.
 * 2. The person's guard is released only when this membership holds it: an old membership
 *    must never free the guard of the person's newer one (which would let them be active twice).
 *    Likewise the worker's pointer is deleted only when it names this membership.
 * 3. When no other live membership of the person remains, the person's roster rows are
 *    announced a last time and deleted (checking in the transaction that no guard appeared).
 * 4. The outbox items of earlier events that named the worker are deleted, and, when the
 *    account's current membership is the one erased, WorkerErased tells every service that keeps
 *    data linked to the account to drop it; all in one transaction with the anonymous state.
 * 5. Staff carrying it out are recorded in the audit log, in the same transaction (a worker
 *    erasing their own is not: the entry would link their account to the membership again).
 * 6. The idempotency records of the worker's requests are forgotten.
 */
async function eraseRecord(record: MembershipRecord, ports: MembershipPorts, audit?: AuditEntry): Promise<Membership> {
  const now = ports.clock.now();
  const before = record.membership;
  const { membership, event, workerErased } = decideErasure(before, ports.province, now);
  const owner = record.person ? await ports.memberships.guardOwner(record.person.blindIndex) : undefined;
  const guard = !record.person ? 'keep' : owner === before.id ? 'release' : owner === undefined ? 'absent' : 'keep';
  const coverage = await coverageFor(ports, record, undefined, now, { erase: true, rows: guard !== 'keep' });
  const current = before.workerId !== undefined && (await ports.memberships.pointerOf(before.workerId)) === before.id;
  await ports.memberships.commit({
    before: record,
    after: membership,
    keepPerson: false,
    events: [event, ...coverage.events, ...(current && workerErased ? [workerErased] : [])],
    pointer: current ? 'delete' : 'skip',
    guard,
    coverage: coverage.writes,
    forgetEvents: true,
    ...(audit ? { audit: auditRecord(audit, now, ports.ids) } : {}),
  });
  if (current && before.workerId) await ports.requests.forgetRequests(before.workerId);
  return membership;
}
