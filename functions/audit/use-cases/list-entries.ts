import type { AuditAction, AuditRecord } from '../../../shared/audit.js';
import type { Page } from '../../../shared/dynamo.js';
import { InvalidInputError } from '../../../shared/errors.js';
import type { Clock } from '../../../shared/ports.js';
import type { AuditQuery, AuditRepository } from '../repository.js';

export interface AuditFilter {
  actor?: string;
  orgId?: string;
  day?: string;
  action?: AuditAction;
}

/** The query a filter asks for: by actor or by org (on a day, if given), else one day's entries, today's by default (UTC). */
export function auditQueryOf(filter: AuditFilter, now: Date): AuditQuery {
  if (filter.actor !== undefined && filter.orgId !== undefined) {
    throw new InvalidInputError([
      { path: 'query.actor', message: 'give actor or orgId, not both' },
      { path: 'query.orgId', message: 'give actor or orgId, not both' },
    ]);
  }
  const action = filter.action ? { action: filter.action } : {};
  const day = filter.day ? { day: filter.day } : {};
  if (filter.actor !== undefined) return { by: 'actor', actorId: filter.actor, ...day, ...action };
  if (filter.orgId !== undefined) return { by: 'org', orgId: filter.orgId, ...day, ...action };
  return { by: 'day', day: filter.day ?? now.toISOString().slice(0, 10), ...action };
}

/** A page of the audit log, newest first, for the province admin. */
export function listAuditEntries(
  filter: AuditFilter,
  request: { limit: number; cursor?: string },
  ports: { audit: Pick<AuditRepository, 'entries'>; clock: Clock },
): Promise<Page<AuditRecord>> {
  return ports.audit.entries(auditQueryOf(filter, ports.clock.now()), request);
}
