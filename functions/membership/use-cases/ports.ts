import type { AuditLog } from '../../../shared/audit.js';
import type { JoinLinkKey } from '../../../shared/crypto/join-link.js';
import type { PiiVault } from '../../../shared/crypto/pii-vault.js';
import type { Clock, Ids } from '../../../shared/ports.js';
import type { SmsSender } from '../../../shared/sms.js';
import type { BusinessMetrics } from '../../../shared/metrics.js';
import { exposureOf, type Membership } from '../domain/membership.js';
import { coverageChanges, type CoverageWrite } from '../domain/coverage.js';
import type { Envelope } from '../../../events/envelope.js';
import type { MembershipRecord, MembershipRepository } from '../repository.js';

/** Idempotency records keep a caller's requests (bodies included) for a day: erasure asks that store to forget them. */
export interface RequestMemory {
  forgetRequests(workerPrincipalId: string): Promise<void>;
}

/** Everything the membership use cases are given: tests pass in-memory ones. */
export interface MembershipPorts {
  memberships: MembershipRepository;
  clock: Clock;
  ids: Ids;
  vault: Pick<PiiVault, 'mac' | 'encrypt'>;
  sms: SmsSender;
  joinLinks: JoinLinkKey;
  /** One-time codes: a uniformly random 6-digit string. */
  codes: { next(): string };
  requests: RequestMemory;
  province: string;
  /** Platform names workers may type; others count as `other`. */
  platforms: readonly string[];
  /** Where staff access to members' data is recorded (an erasure's entry goes in its transaction instead). */
  audit: AuditLog;
  /** Joins and activations, counted once each for the province's dashboard. */
  metrics: BusinessMetrics;
}

/**
 * The roster rows of the person behind `record` re-announced because the membership moves from
 * `before` to `after` (or is erased): loaded only when something partners or the figures may
 * learn changes.
 */
export async function coverageFor(
  ports: Pick<MembershipPorts, 'memberships' | 'province'>,
  record: MembershipRecord,
  after: Membership | undefined,
  now: Date,
  options: { erase?: boolean; rows?: boolean } = {},
): Promise<{ writes: CoverageWrite[]; events: Envelope[] }> {
  const before = exposureOf(record.membership);
  const next = exposureOf(after);
  const changes = before.isMember !== next.isMember || before.shared !== next.shared || options.erase === true;
  if (!record.person || !changes || options.rows === false) return { writes: [], events: [] };
  const rows = await ports.memberships.rosteredRows(record.person.blindIndex);
  return coverageChanges(rows, before, next, { province: ports.province, now, erase: options.erase ?? false });
}
