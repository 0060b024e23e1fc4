import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Caller } from './auth/caller.js';
import type { TransactItem } from './dynamo.js';
import type { Clock, Ids } from './ports.js';

/**
 * The audit log of access to personal data (PIPL art. 51 and 54): who listed an org's members,
 * saw riders to invite, opened a worker's shared contact, or erased a member, and whose records.
 * Append-only: writers are granted `dynamodb:PutItem` and nothing else, every put is conditional
 * on a new key, and no function may update or delete an entry (DynamoDB TTL ends it after the
 * retention). Entries hold ids only: never a name, mobile or ID number.
 */
export const AuditActionSchema = z.enum(['members.list', 'invitations.list', 'contacts.reveal', 'member.erase', 'help.list', 'help.read', 'enrollments.list']);
export type AuditAction = z.infer<typeof AuditActionSchema>;

/** Kept three years, the period PIPL art. 56 sets for the records of a processing assessment. */
export const AUDIT_RETENTION_SECONDS = 3 * 366 * 86_400;

/** What a use case records: the action, who did it, in which org, and the ids of the records it touched. */
export interface AuditEntry {
  action: AuditAction;
  actor: Caller;
  /** The org whose people were accessed, when the access is through an org. */
  orgId?: string;
  /** Ids of the records touched (memberships, riders, interests): ids only, never their contents. */
  subjects: readonly string[];
}

export const AuditRecordSchema = z.object({
  id: z.string(),
  at: z.string(),
  action: AuditActionSchema,
  actorRole: z.string(),
  /** The caller's principal: an identity provider's subject or an account id, both pseudonymous. */
  actorId: z.string(),
  actorOrgId: z.string().optional(),
  orgId: z.string().optional(),
  subjects: z.array(z.string()),
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

/** Keys: one partition per UTC day (`DAY#2026-12-06`), entries in time order within it; `byActor` and `byOrg` index the same order. */
export const auditDayPartition = (day: string) => `DAY#${day}`;
export const auditSortKey = (record: Pick<AuditRecord, 'at' | 'id'>) => `${record.at}#${record.id}`;

export function auditRecord(entry: AuditEntry, now: Date, ids: Ids): AuditRecord {
  return {
    id: ids.next('aud'),
    at: now.toISOString(),
    action: entry.action,
    actorRole: entry.actor.role,
    actorId: entry.actor.principalId,
    ...(entry.actor.role === 'org_admin' ? { actorOrgId: entry.actor.orgId } : {}),
    ...(entry.orgId ? { orgId: entry.orgId } : {}),
    subjects: [...entry.subjects],
  };
}

/** The append of one audit record, for a transaction that changes personal data (an erasure). */
export function auditPut(tableName: string, record: AuditRecord): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        pk: auditDayPartition(record.at.slice(0, 10)),
        sk: auditSortKey(record),
        ...record,
        expiresAt: Math.floor(Date.parse(record.at) / 1000) + AUDIT_RETENTION_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The audit log as the use cases that read personal data see it. */
export interface AuditLog {
  /**
   * Appends an entry. Called before the data leaves: when the entry cannot be written the
   * request fails and nothing is shown, so no access goes unrecorded.
   */
  record(entry: AuditEntry): Promise<void>;
}

/** The audit log on its DynamoDB table; the table name is read when first needed, so functions that never record need no grant. */
export function dynamoAuditLog(options: { client: DynamoDBDocumentClient; tableName: () => string; clock: Clock; ids: Ids }): AuditLog {
  return {
    async record(entry) {
      const put = auditPut(options.tableName(), auditRecord(entry, options.clock.now(), options.ids)).Put!;
      await options.client.send(new PutCommand(put));
    },
  };
}
