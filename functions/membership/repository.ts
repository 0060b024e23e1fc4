import { BatchGetCommand, GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Envelope } from '../../events/envelope.js';
import { auditPut, type AuditRecord } from '../../shared/audit.js';
import type { OrgCreatedV1Data } from '../../events/org-created.v1.js';
import { joinLinkRefused } from '../../shared/crypto/join-link.js';
import { outboxPut, transact, type GuardedItem, type Page, type TransactItem } from '../../shared/dynamo.js';
import { batchGet } from '../../shared/dynamo-batch.js';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';
import { applyOnce } from '../../shared/events/apply-once.js';
import { orgTreeNodeOf, orgTreeWrite, type OrgTreeNode } from '../../shared/projections/org-tree.js';
import { indexOf } from '../../shared/topology.js';
import type { CoverageWrite, RosteredRow } from './domain/coverage.js';
import { AlreadyMemberError, type Membership, type SealedPerson, type Transfer } from './domain/membership.js';
import { verificationDead, type ResendGuard, type Verification, type VerificationUse } from './domain/verification.js';
import {
  failuresOf,
  fromMembershipItem,
  fromResendGuardItem,
  fromRosteredItem,
  fromTransferItem,
  fromVerificationItem,
  resendGuardExpiry,
  toMembershipItem,
  toRosteredItem,
  toTransferItem,
  toVerificationItem,
  type MembershipRecord,
} from './items.js';
import {
  memberNoCounterKey,
  membershipKey,
  orgKey,
  outboxKey,
  personKey,
  probeCounterKey,
  resendGuardKey,
  revokedLinkKey,
  ROSTERED_PREFIX,
  invitationArea,
  invitationPrefix,
  rosteredKey,
  transferKey,
  verificationKey,
  workerKey,
} from './keys.js';
import { membershipService } from './service.js';

export type { MembershipRecord };

/** Another approval or join took the member number this write counted on: read it again. */
export class MemberNoRaceError extends Error {}

/** The year's member-number counter moves from `seq - 1` to `seq`. */
export interface MemberNoMove {
  year: number;
  seq: number;
}

/** Everything a join commits, in one transaction. */
export interface JoinWrite {
  membership: Membership;
  person: SealedPerson;
  events: Envelope[];
  /** The join link used, which must not have been revoked. */
  linkId: string;
  /** Present when the person is activated at once. */
  memberNo?: MemberNoMove;
  /** The verification the join used up, as read (its tries must not have moved). */
  verification?: VerificationUse;
  coverage: CoverageWrite[];
}

/** Everything a membership's transition commits, in one transaction; every part conditional. */
export interface TransitionWrite {
  before: MembershipRecord;
  after: Membership;
  /** False on erasure: the sealed person goes. */
  keepPerson: boolean;
  events: Envelope[];
  /** The worker's pointer: kept current, deleted, or left alone when it names a newer membership. */
  pointer: 'update' | 'delete' | 'skip';
  /** The person's guard: kept, released (only if this membership owns it), or checked absent. */
  guard: 'keep' | 'release' | 'absent';
  memberNo?: MemberNoMove;
  /** A transfer record written with it: new, or moving on from pending. */
  transfer?: { transfer: Transfer; expect: 'new' | 'pending' };
  /** A join link the transition uses, which must not have been revoked. */
  linkId?: string;
  coverage: CoverageWrite[];
  /** Delete the outbox items of the events listed on the membership (erasure). */
  forgetEvents: boolean;
  /** An audit entry appended with the change (staff erasing a member). */
  audit?: AuditRecord;
}

const TTL_DAY_SECONDS = 86_400;

/**
 * The memberships table: maps items to domain objects and runs conditional writes. It decides
 * nothing: what to write comes from the use cases, and every failed condition becomes a named
 * error (or `ConcurrentChangeError` when only a concurrent change explains it).
 */
export function makeMembershipRepository({ client, tableName, auditTableName }: { client: DynamoDBDocumentClient; tableName: string; auditTableName: () => string }) {
  const getItem = async (key: Record<string, string>) => (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  const outbox = (events: Envelope[]): TransactItem[] => events.map((event) => outboxPut(tableName, event));

  const memberNoMove = ({ year, seq }: MemberNoMove): GuardedItem => ({
    item: {
      Update: {
        TableName: tableName,
        Key: memberNoCounterKey(year),
        UpdateExpression: 'SET seq = :next',
        ConditionExpression: seq === 1 ? 'attribute_not_exists(seq)' : 'seq = :current',
        ExpressionAttributeValues: seq === 1 ? { ':next': seq } : { ':next': seq, ':current': seq - 1 },
      },
    },
    onConditionFailed: () => new MemberNoRaceError(),
  });

  /** Marks a verification used, on the condition that it is unused and its tries are as read. */
  const verificationUse = (use: VerificationUse): GuardedItem => ({
    item: {
      Update: {
        TableName: tableName,
        Key: verificationKey(use.id),
        UpdateExpression: 'SET usedAt = :usedAt',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt) AND tries = :tries',
        ExpressionAttributeValues: { ':usedAt': use.usedAt, ':tries': use.triesRead },
      },
    },
    onConditionFailed: verificationDead,
  });

  const notRevoked = (linkId: string): GuardedItem => ({
    item: { ConditionCheck: { TableName: tableName, Key: revokedLinkKey(linkId), ConditionExpression: 'attribute_not_exists(pk)' } },
    onConditionFailed: () => joinLinkRefused(),
  });

  const coverageItems = (writes: CoverageWrite[]): TransactItem[] =>
    writes.map(({ row, expectedVersion, remove }) => {
      const unchanged = { ConditionExpression: 'coverageVersion = :read', ExpressionAttributeValues: { ':read': expectedVersion } };
      return remove
        ? { Delete: { TableName: tableName, Key: rosteredKey(row.personIndex, row.partnerId, row.riderId), ...unchanged } }
        : { Put: { TableName: tableName, Item: toRosteredItem(row), ...unchanged } };
    });

  // Events that name the worker are listed on the membership so that erasure can delete them.
  const namingWorker = (events: Envelope[]) => events.filter((event) => event.type === 'MembershipStatusChanged').map((event) => event.id);

  async function getRecord(membershipId: string): Promise<MembershipRecord | undefined> {
    const item = await getItem(membershipKey(membershipId));
    return item ? fromMembershipItem(item) : undefined;
  }

  return {
    get: getRecord,

    /** The membership a worker account's pointer names (its latest), if any. */
    async getByWorker(workerId: string): Promise<MembershipRecord | undefined> {
      const pointer = await getItem(workerKey(workerId));
      return typeof pointer?.membershipId === 'string' ? getRecord(pointer.membershipId) : undefined;
    },

    /** The membership id a worker account's pointer names. */
    async pointerOf(workerId: string): Promise<string | undefined> {
      const pointer = await getItem(workerKey(workerId));
      return typeof pointer?.membershipId === 'string' ? pointer.membershipId : undefined;
    },

    /** The membership that holds the person's guard (their live membership), if any. */
    async guardOwner(blindIndex: string): Promise<string | undefined> {
      const guard = await getItem(personKey(blindIndex));
      return typeof guard?.membershipId === 'string' ? guard.membershipId : undefined;
    },

    async getOrg(orgId: string): Promise<OrgTreeNode | undefined> {
      return orgTreeNodeOf(await getItem(orgKey(orgId)));
    },

    async getTransfer(transferId: string): Promise<Transfer | undefined> {
      const item = await getItem(transferKey(transferId));
      return item ? fromTransferItem(item) : undefined;
    },

    async rosteredRows(personIndex: string): Promise<RosteredRow[]> {
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `${ROSTERED_PREFIX}${personIndex}` },
          ConsistentRead: true,
        }),
      );
      return Items.map(fromRosteredItem);
    },

    /** The stored copies of these roster rows that exist, by `rosteredRowId`. */
    async rosteredRowsOf(keys: readonly Pick<RosteredRow, 'personIndex' | 'partnerId' | 'riderId'>[]): Promise<Map<string, RosteredRow>> {
      const items = await batchGet(client, tableName, keys.map((key) => rosteredKey(key.personIndex, key.partnerId, key.riderId)), { consistent: true });
      return new Map(items.map(fromRosteredItem).map((row) => [rosteredRowId(row), row]));
    },

    /** The live memberships of these persons (by blind index), for those who have one. */
    async liveMemberships(personIndexes: readonly string[]): Promise<Map<string, Membership>> {
      const guards = await batchGet(client, tableName, personIndexes.map(personKey), { consistent: true });
      const owners = new Map(guards.flatMap((guard) => (typeof guard.membershipId === 'string' ? [[guard.membershipId, String(guard.pk).slice('PERSON#'.length)] as const] : [])));
      const records = (await batchGet(client, tableName, [...owners.keys()].map(membershipKey), { consistent: true })).map(fromMembershipItem);
      return new Map(records.map((record) => [owners.get(record.membership.id)!, record.membership]));
    },

    /** The last member number's sequence handed out in `year` (0 for none). */
    async memberNoSeq(year: number): Promise<number> {
      const seq = (await getItem(memberNoCounterKey(year)))?.seq;
      return typeof seq === 'number' ? seq : 0;
    },

    async getVerification(verificationId: string): Promise<Verification | undefined> {
      const item = await getItem(verificationKey(verificationId));
      return item ? fromVerificationItem(item) : undefined;
    },

    async resendGuards(indexes: string[]): Promise<(ResendGuard | undefined)[]> {
      return Promise.all(indexes.map(async (index) => {
        const item = await getItem(resendGuardKey(index));
        return item ? fromResendGuardItem(item) : undefined;
      }));
    },

    async probeFailures(indexes: string[], day: string): Promise<number[]> {
      const { Responses } = await client.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: indexes.map((index) => probeCounterKey(index, day)), ConsistentRead: true } } }),
      );
      const items = Responses?.[tableName] ?? [];
      return indexes.map((index) => failuresOf(items.find((item) => item.pk === probeCounterKey(index, day).pk)));
    },

    /**
     * Creates a membership. The database enforces one live membership per person (the blind
     * index guard must not exist) and per worker account (its pointer must not be live), the
     * link must not be revoked, a verification is used once, and an activation's member number
     * follows the year's last one: of simultaneous joins exactly one wins.
     */
    async create(write: JoinWrite): Promise<void> {
      const { membership, person } = write;
      const entries: (TransactItem | GuardedItem)[] = [
        {
          item: { Put: { TableName: tableName, Item: { ...personKey(person.blindIndex), membershipId: membership.id }, ConditionExpression: 'attribute_not_exists(pk)' } },
          onConditionFailed: () => new AlreadyMemberError(),
        },
        {
          item: {
            Put: {
              TableName: tableName,
              Item: { ...workerKey(membership.workerId ?? ''), membershipId: membership.id, status: membership.status },
              ConditionExpression: 'attribute_not_exists(pk) OR NOT (#status IN (:pending, :active))',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':pending': 'pending', ':active': 'active' },
            },
          },
          onConditionFailed: () => new AlreadyMemberError(),
        },
        notRevoked(write.linkId),
        {
          Put: {
            TableName: tableName,
            Item: toMembershipItem({ membership, person, eventIds: namingWorker(write.events) }),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...(write.memberNo ? [memberNoMove(write.memberNo)] : []),
        ...(write.verification ? [verificationUse(write.verification)] : []),
        ...coverageItems(write.coverage),
        ...outbox(write.events),
      ];
      await transact(client, entries);
    },

    /** Commits a transition of a membership read as `before`, on the condition that nobody changed it since. */
    async commit(write: TransitionWrite): Promise<void> {
      const { before, after } = write;
      const mine = { ':mine': before.membership.id };
      const workerId = before.membership.workerId;
      const person = before.person;
      const entries: (TransactItem | GuardedItem)[] = [
        {
          Put: {
            TableName: tableName,
            Item: toMembershipItem({
              membership: { ...after, version: before.membership.version + 1 },
              ...(write.keepPerson && person ? { person } : {}),
              eventIds: write.forgetEvents ? [] : [...before.eventIds, ...namingWorker(write.events)],
            }),
            ConditionExpression: 'version = :read',
            ExpressionAttributeValues: { ':read': before.membership.version },
          },
        },
      ];
      if (workerId && write.pointer === 'update') {
        entries.push({
          Update: {
            TableName: tableName,
            Key: workerKey(workerId),
            UpdateExpression: 'SET #status = :status',
            ConditionExpression: 'membershipId = :mine',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ...mine, ':status': after.status },
          },
        });
      }
      if (workerId && write.pointer === 'delete') {
        entries.push({ Delete: { TableName: tableName, Key: workerKey(workerId), ConditionExpression: 'membershipId = :mine', ExpressionAttributeValues: mine } });
      }
      if (person && write.guard === 'release') {
        entries.push({ Delete: { TableName: tableName, Key: personKey(person.blindIndex), ConditionExpression: 'membershipId = :mine', ExpressionAttributeValues: mine } });
      }
      if (person && write.guard === 'absent') {
        entries.push({ ConditionCheck: { TableName: tableName, Key: personKey(person.blindIndex), ConditionExpression: 'attribute_not_exists(pk)' } });
      }
      if (write.memberNo) entries.push(memberNoMove(write.memberNo));
      if (write.linkId) entries.push(notRevoked(write.linkId));
      if (write.transfer) {
        const { transfer, expect } = write.transfer;
        entries.push({
          Put: {
            TableName: tableName,
            Item: toTransferItem(transfer),
            ...(expect === 'new'
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: '#status = :pending', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':pending': 'pending' } }),
          },
        });
      }
      entries.push(...coverageItems(write.coverage));
      if (write.forgetEvents) {
        for (const eventId of before.eventIds) entries.push({ Delete: { TableName: tableName, Key: outboxKey(eventId) } });
      }
      entries.push(...outbox(write.events));
      if (write.audit) entries.push(auditPut(auditTableName(), write.audit));
      await transact(client, entries);
    },

    /** Stores a verification and moves both resend guards on, each only if it no longer holds. */
    async createVerification(verification: Verification, guards: ResendGuard[], now: Date): Promise<void> {
      await transact(client, [
        { Put: { TableName: tableName, Item: toVerificationItem(verification), ConditionExpression: 'attribute_not_exists(pk)' } },
        ...guards.map((guard) => ({
          Put: {
            TableName: tableName,
            Item: { ...resendGuardKey(guard.index), ...guard, expiresAt: resendGuardExpiry(guard) },
            ConditionExpression: 'attribute_not_exists(pk) OR nextAt <= :now',
            ExpressionAttributeValues: { ':now': now.toISOString() },
          },
        })),
      ]);
    },

    /**
     * Undoes `createVerification` when its code could not be sent: deletes the verification if
     * still untried, and each guard it moved if no later request has moved it again.
     */
    async withdrawVerification(verification: Verification, guards: ResendGuard[]): Promise<void> {
      await transact(client, [
        { Delete: { TableName: tableName, Key: verificationKey(verification.id), ConditionExpression: 'tries = :none', ExpressionAttributeValues: { ':none': 0 } } },
        ...guards.map((guard) => ({
          Delete: { TableName: tableName, Key: resendGuardKey(guard.index), ConditionExpression: 'nextAt = :ours', ExpressionAttributeValues: { ':ours': guard.nextAt } },
        })),
      ]);
    },

    /** Uses a verification up without a join: a code proves a mobile once (the local dev sign-in). */
    async useVerification(use: VerificationUse): Promise<void> {
      await transact(client, [verificationUse(use)]);
    },

    /** Counts a wrong code, on the condition that the tries are still what was read. */
    async recordWrongCode(verificationId: string, triesRead: number): Promise<void> {
      await transact(client, [
        {
          Update: {
            TableName: tableName,
            Key: verificationKey(verificationId),
            UpdateExpression: 'SET tries = :next',
            ConditionExpression: 'tries = :read',
            ExpressionAttributeValues: { ':next': triesRead + 1, ':read': triesRead },
          },
        },
      ]);
    },

    /** Adds a refused join to each counter of the day (a conditional ADD that stops at its limit). */
    async recordFailedJoin(counters: { index: string; limit: number }[], day: string, expiresAt: number): Promise<void> {
      await Promise.all(
        counters.map(async ({ index, limit }) => {
          try {
            await client.send(
              new UpdateCommand({
                TableName: tableName,
                Key: probeCounterKey(index, day),
                UpdateExpression: 'ADD failures :one SET expiresAt = :expiresAt',
                ConditionExpression: 'attribute_not_exists(failures) OR failures < :limit',
                ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expiresAt': expiresAt + TTL_DAY_SECONDS },
              }),
            );
          } catch (error) {
            // At its limit already: the counter has said all it needs to.
            if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
          }
        }),
      );
    },

    /**
     * Keeps the copies of partners' roster rows current (each on the condition that it is still
     * at the version read) and announces them, checking in the same transaction that each
     * person's membership did not change meanwhile (or that the person still has none). At most
     * `ROWS_PER_WRITE` rows: each brings a row and a check.
     */
    async putRosteredRows(writes: readonly RosteredRowWrite[], events: Envelope[]): Promise<void> {
      const checks = new Map<string, TransactItem>();
      for (const { row, membership } of writes) {
        const check: TransactItem = membership
          ? { ConditionCheck: { TableName: tableName, Key: membershipKey(membership.id), ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': membership.version } } }
          : { ConditionCheck: { TableName: tableName, Key: personKey(row.personIndex), ConditionExpression: 'attribute_not_exists(pk)' } };
        // One check per item: a person on two of a partner's rows is checked once.
        checks.set(JSON.stringify(check.ConditionCheck!.Key), check);
      }
      const rows: TransactItem[] = writes.map(({ row, expectedVersion }) => ({
        Put: {
          TableName: tableName,
          Item: toRosteredItem(row),
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'coverageVersion = :read', ExpressionAttributeValues: { ':read': expectedVersion } }),
        },
      }));
      await transact(client, [...rows, ...checks.values(), ...outbox(events)]);
    },

    /** Projects a new org into this service's copy of the tree, once per event. */
    addOrg(data: OrgCreatedV1Data, event: Envelope): Promise<boolean> {
      return applyOnce(client, {
        tableName,
        consumer: 'membershipOrgProjector',
        eventId: event.id,
        now: new Date(),
        writes: [orgTreeWrite(tableName, orgKey(data.orgId), data)],
      });
    },

    /**
     * Records a join link's revocation with its event; false when it was revoked already (then
     * nothing is written). Kept until the link would have expired anyway.
     */
    async revokeLink(link: { linkId: string; orgId: string; expiresAt: number; revokedAt: string }, event: Envelope): Promise<boolean> {
      try {
        await transact(client, [
          {
            item: { Put: { TableName: tableName, Item: { ...revokedLinkKey(link.linkId), ...link }, ConditionExpression: 'attribute_not_exists(pk)' } },
            onConditionFailed: () => new LinkAlreadyRevokedError(),
          },
          ...outbox([event]),
        ]);
        return true;
      } catch (error) {
        if (error instanceof LinkAlreadyRevokedError) return false;
        throw error;
      }
    },

    /**
     * A page of the roster rows to invite in a city, or in one of its districts (and one of the
     * district's stations), sorted by district, station, partner and rider. A station named for a
     * whole city is a filter: DynamoDB reads past the other stations' rows.
     */
    async rowsToInvite(query: { city: string; district?: string; station?: string; limit: number; cursor?: string }): Promise<Page<RosteredRow>> {
      const scope = { list: 'memberships.rowsToInvite', city: query.city, district: query.district ?? '', station: query.station ?? '' };
      const prefix = query.district === undefined ? undefined : invitationPrefix(query.district, query.station);
      const filterStation = query.district === undefined && query.station !== undefined;
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: indexOf(membershipService.tables.memberships, 'rowsToInvite'),
          KeyConditionExpression: prefix ? 'inviteArea = :area AND begins_with(inviteKey, :prefix)' : 'inviteArea = :area',
          ...(filterStation ? { FilterExpression: 'station = :station' } : {}),
          ExpressionAttributeValues: { ':area': invitationArea(query.city), ...(prefix ? { ':prefix': prefix } : {}), ...(filterStation ? { ':station': query.station } : {}) },
          Limit: query.limit,
          ExclusiveStartKey: await decodeCursor(query.cursor, scope),
        }),
      );
      return { items: (result.Items ?? []).map(fromRosteredItem), nextCursor: await encodeCursor(result.LastEvaluatedKey, scope) };
    },

    async listByOrg(orgId: string, query: { status?: string; limit: number; cursor?: string }): Promise<Page<Membership>> {
      const scope = { list: 'memberships.membershipsByOrg', orgId, status: query.status ?? '' };
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: indexOf(membershipService.tables.memberships, 'membershipsByOrg'),
          KeyConditionExpression: query.status ? 'orgId = :orgId AND begins_with(orgListKey, :status)' : 'orgId = :orgId',
          ExpressionAttributeValues: query.status ? { ':orgId': orgId, ':status': `${query.status}#` } : { ':orgId': orgId },
          Limit: query.limit,
          ExclusiveStartKey: await decodeCursor(query.cursor, scope),
        }),
      );
      return { items: (result.Items ?? []).map((item) => fromMembershipItem(item).membership), nextCursor: await encodeCursor(result.LastEvaluatedKey, scope) };
    },
  };
}

class LinkAlreadyRevokedError extends Error {}

export type MembershipRepository = ReturnType<typeof makeMembershipRepository>;

/** A roster row to keep, on condition it is still at `expectedVersion` (undefined: new) and the person's membership still as read. */
export interface RosteredRowWrite {
  row: RosteredRow;
  expectedVersion: number | undefined;
  membership: { id: string; version: number } | undefined;
}

/** Rows kept in one transaction: a row and a membership check each, and the announcement, within DynamoDB's 100 items. */
export const ROWS_PER_WRITE = 49;

/** One roster row among many: its person, partner and rider. */
export const rosteredRowId = (row: Pick<RosteredRow, 'personIndex' | 'partnerId' | 'riderId'>) => `${row.personIndex}|${row.partnerId}#${row.riderId}`;
