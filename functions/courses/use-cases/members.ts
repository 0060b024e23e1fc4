import type { MembershipStatusChangedV1Data } from '../../../events/membership-status-changed.v1.js';
import type { CoursePorts } from './ports.js';

type MemberPorts = Pick<CoursePorts, 'courses'>;

/**
 * A worker was erased (PIPL): every link from the worker account to their enrollments goes.
 *
 * 1. The read model keeps only a tombstone (no org, no name), so the account enrolls no more and
 *    a late membership event cannot bring it back.
 * 2. Seat markers are deleted, enrollments keep their seats naming nobody, and certificates stay
 *    valid with an anonymous holder. Safe to repeat: an unlinked enrollment is no longer found.
 */
export async function forgetWorker(workerId: string, at: string, ports: MemberPorts): Promise<void> {
  await ports.courses.eraseMember(workerId, at);
  for (const enrollment of await ports.courses.workerEnrollments(workerId)) {
    await ports.courses.unlink({ ...enrollment, workerId });
  }
}

/**
 * Keeps the read model of a worker's membership that enrollment checks.
 *
 * 1. Without a worker id (events published before it existed) there is nothing to key it by.
 * 2. Store the newest state with the masked name the event carries (for staff lists and
 *    certificates); an older event than the stored one changes nothing.
 * 3. An erased member is forgotten (the erasure may arrive before WorkerErased does).
 */
export async function projectMembership(change: MembershipStatusChangedV1Data, occurredAt: string, ports: MemberPorts): Promise<void> {
  const { workerId, to } = change;
  if (!workerId) return;
  await ports.courses.putMember({
    workerId,
    status: to.status,
    orgId: to.orgId,
    ancestors: to.ancestors,
    ...(change.maskedName ? { maskedName: change.maskedName } : {}),
    changedAt: occurredAt,
  });
  if (to.status === 'erased') await forgetWorker(workerId, occurredAt, ports);
}
