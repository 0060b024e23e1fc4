import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Envelope } from '../../events/envelope.js';
import type { OrgCreatedV1Data } from '../../events/org-created.v1.js';
import type { RiderStatusChangedV1Data } from '../../events/rider-status-changed.v1.js';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';
import { ConcurrentChangeError, TransactionConflictError, outboxPut, transact, type GuardedItem, type Page, type TransactItem } from '../../shared/dynamo.js';
import { withRetries } from '../../shared/retry.js';
import { applyOnce } from '../../shared/events/apply-once.js';
import { announceCoverage, nextCoverageVersion, rowFromAnnouncement, type RosteredRow } from './domain/coverage.js';
import { AlreadyMemberError, MembershipNotFoundError, type Membership, type OrgRef, type Transfer } from './domain/membership.js';
import { memberNoCounterKey, membershipKey, orgKey, orgListKey, personKey, ROSTERED_PREFIX, rosteredKey, transferKey, workerKey } from './keys.js';

/** Where a membership's personal data lives: ciphertext and blind index, erased together. */
export interface SealedPerson {
  blindIndex: string;
  ciphertext: string;
}

type MembershipItem = Membership & { pk: string; sk: string; orgListKey: string; sealed?: SealedPerson };

class MemberNoRaceError extends Error {}

export function makeMembershipRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  const get = async (key: Record<string, string>) => (await client.send(new GetCommand({ TableName: tableName, Key: key }))).Item;

  const toItem = (membership: Membership, sealed?: SealedPerson): MembershipItem => ({
    ...membershipKey(membership.id),
    ...membership,
    orgListKey: orgListKey(membership.status, membership.createdAt, membership.id),
    ...(sealed ? { sealed } : {}),
  });

  // The sealed personal data travels with the item but never into the domain: it is remembered
  // for the membership object that was read, so a transition writes it back without reading again.
  const sealedOfRead = new WeakMap<Membership, SealedPerson | undefined>();

  const toMembership = (item: Record<string, unknown>): Membership => {
    const { pk: _pk, sk: _sk, orgListKey: _list, sealed, ...membership } = item as unknown as MembershipItem;
    sealedOfRead.set(membership, sealed);
    return membership;
  };

  const workerPointer = (membership: Membership): TransactItem => ({
    Put: { TableName: tableName, Item: { ...workerKey(membership.workerId), membershipId: membership.id, status: membership.status } },
  });

  /** The membership's new state, written only if nobody changed it since `before` was read. */
  const versionedPut = (before: Membership, after: Membership, sealed: SealedPerson | undefined): TransactItem => ({
    Put: {
      TableName: tableName,
      Item: toItem({ ...after, version: before.version + 1 }, sealed),
      ConditionExpression: 'version = :read',
      ExpressionAttributeValues: { ':read': before.version },
    },
  });

  /**
   * Writes a membership's new state (on the condition that nobody changed it since it was
   * read), the worker's pointer, any extra items, the roster rows whose coverage it changes
   * and the event, in one transaction. The sealed personal data is carried over as stored,
   * or dropped on erasure; `extra` is built from it (e.g. to delete the blind-index guard).
   */
  async function commit(
    before: Membership,
    after: Membership,
    event: Envelope,
    options: { extra?: (stored: SealedPerson | undefined) => TransactItem[]; erase?: boolean; onExtraCancelled?: () => Error } = {},
  ) {
    const stored = await sealedOf(before);
    const extra = options.extra?.(stored) ?? [];
    const coverage = await coverageChanges(before, after, stored, event, options.erase ?? false);
    const guardedExtra: GuardedItem[] = extra.map((item) => ({ item, ...(options.onExtraCancelled ? { onConditionFailed: options.onExtraCancelled } : {}) }));
    await transact(client, [versionedPut(before, after, options.erase ? undefined : stored), workerPointer(after), ...guardedExtra, ...coverage, outboxPut(tableName, event)]);
  }

  const dropGuard = (stored: SealedPerson | undefined): TransactItem[] =>
    stored ? [{ Delete: { TableName: tableName, Key: personKey(stored.blindIndex) } }] : [];

  async function rosteredRows(personIndex: string): Promise<(RosteredRow & { pk: string; sk: string })[]> {
    const { Items = [] } = await client.send(
      new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `${ROSTERED_PREFIX}${personIndex}` } }),
    );
    return Items as (RosteredRow & { pk: string; sk: string })[];
  }

  /** The person's pending or active membership, found through the blind-index guard. */
  async function liveMembership(personIndex: string): Promise<Membership | undefined> {
    const guard = await get(personKey(personIndex));
    const item = guard && (await get(membershipKey(guard.membershipId)));
    return item ? toMembership(item) : undefined;
  }

  /**
   * When a membership starts or stops being active, every roster row of the person is
   * re-announced (or, on erasure, announced a last time and deleted), each on the condition
   * that nobody else changed it meanwhile.
   */
  async function coverageChanges(before: Membership, after: Membership, sealed: SealedPerson | undefined, event: Envelope, erase: boolean): Promise<TransactItem[]> {
    const wasMember = before.status === 'active';
    const isMember = after.status === 'active';
    if (!sealed || (wasMember === isMember && !erase)) return [];
    const now = new Date(event.occurredAt);
    return (await rosteredRows(sealed.blindIndex)).flatMap(({ pk, sk, ...stored }) => {
      const row = { ...stored, coverageVersion: nextCoverageVersion(stored.coverageVersion, now) };
      const unchanged = { ConditionExpression: 'coverageVersion = :read', ExpressionAttributeValues: { ':read': stored.coverageVersion } };
      const write: TransactItem = erase
        ? { Delete: { TableName: tableName, Key: { pk, sk }, ...unchanged } }
        : { Put: { TableName: tableName, Item: { pk, sk, ...row }, ...unchanged } };
      return wasMember === isMember ? [write] : [write, outboxPut(tableName, announceCoverage(row, isMember, event.province, now))];
    });
  }

  /** What `before` was read with; read again only for a membership this repository did not return. */
  async function sealedOf(before: Membership): Promise<SealedPerson | undefined> {
    if (sealedOfRead.has(before)) return sealedOfRead.get(before);
    return (await get(membershipKey(before.id)))?.sealed as SealedPerson | undefined;
  }

  return {
    async get(membershipId: string): Promise<Membership | undefined> {
      const item = await get(membershipKey(membershipId));
      return item ? toMembership(item) : undefined;
    },

    /** The worker account's latest membership, whatever its status; not found when it has none. */
    async getByWorker(workerId: string): Promise<Membership> {
      const pointer = await get(workerKey(workerId));
      const item = pointer && (await get(membershipKey(pointer.membershipId)));
      if (!item) throw new MembershipNotFoundError();
      return toMembership(item);
    },

    async getOrg(orgId: string): Promise<OrgRef | undefined> {
      const item = await get(orgKey(orgId));
      return item ? { id: item.id, name: item.name, ancestors: item.ancestors } : undefined;
    },

    async getTransfer(transferId: string): Promise<Transfer | undefined> {
      const item = await get(transferKey(transferId));
      if (!item) return undefined;
      const { pk: _pk, sk: _sk, ...transfer } = item;
      return transfer as Transfer;
    },

    /** Projects a new org, once per event. */
    addOrg(data: OrgCreatedV1Data, event: Envelope): Promise<boolean> {
      return applyOnce(client, {
        tableName,
        consumer: 'membershipOrgProjector',
        eventId: event.id,
        now: new Date(),
        writes: [{ Put: { TableName: tableName, Item: { ...orgKey(data.orgId), id: data.orgId, name: data.name, ancestors: data.ancestors } } }],
      });
    },

    /**
     * Creates a membership. The database enforces one live membership per person (the blind
     * index item must not exist) and per worker account (its pointer must not be live), so of
     * simultaneous joins exactly one wins and the rest get AlreadyMemberError.
     */
    async create(membership: Membership, sealed: SealedPerson, event: Envelope): Promise<void> {
      await transact(client, [
        {
          item: {
            Put: {
              TableName: tableName,
              Item: { ...personKey(sealed.blindIndex), membershipId: membership.id },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          onConditionFailed: () => new AlreadyMemberError(),
        },
        {
          item: {
            Put: {
              ...workerPointer(membership).Put!,
              ConditionExpression: 'attribute_not_exists(pk) OR NOT (#status IN (:pending, :active))',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':pending': 'pending', ':active': 'active' },
            },
          },
          onConditionFailed: () => new AlreadyMemberError(),
        },
        { Put: { TableName: tableName, Item: toItem(membership, sealed), ConditionExpression: 'attribute_not_exists(pk)' } },
        outboxPut(tableName, event),
      ]);
    },

    /**
     * Approves with the next member number of the year. The counter moves in the same
     * transaction, on the condition that it still holds what was read: two approvals never share
     * a number, and a failed approval never burns one.
     */
    async approve(before: Membership, year: number, decide: (seq: number) => { membership: Membership; event: Envelope }) {
      return withRetries(
        async () => {
          const current = Number((await get(memberNoCounterKey(year)))?.seq ?? 0);
          const { membership, event } = decide(current + 1);
          const counter: TransactItem = {
            Update: {
              TableName: tableName,
              Key: memberNoCounterKey(year),
              UpdateExpression: 'SET seq = :next',
              ConditionExpression: current === 0 ? 'attribute_not_exists(seq)' : 'seq = :current',
              ExpressionAttributeValues: current === 0 ? { ':next': current + 1 } : { ':next': current + 1, ':current': current },
            },
          };
          await commit(before, membership, event, { extra: () => [counter], onExtraCancelled: () => new MemberNoRaceError() });
          return membership;
        },
        // Every loser of a race for a number retries; a few dozen simultaneous approvals still finish.
        { times: 50, isRetryable: (error) => error instanceof MemberNoRaceError || error instanceof TransactionConflictError },
      );
    },

    /** Ends a live membership (reject, leave): the person may join again, so the guard goes. */
    async close(before: Membership, after: Membership, event: Envelope): Promise<void> {
      await commit(before, after, event, { extra: dropGuard });
    },

    /**
     * Erases the person: ciphertext, blind index and this service's copy of their roster rows
     * are deleted with the membership's new state.
     */
    async erase(before: Membership, after: Membership, event: Envelope): Promise<void> {
      await commit(before, after, event, { extra: dropGuard, erase: true });
    },

    /**
     * Keeps the copy of a partner's roster row current (an older announcement never overwrites a
     * newer one) and announces whether the rider is a member. The person's membership is checked
     * unchanged in the same transaction, so an approval racing this write makes one of them
     * retry instead of leaving a stale answer.
     */
    async recordRostered(data: RiderStatusChangedV1Data, event: Envelope): Promise<void> {
      const key = rosteredKey(data.personIndex, data.partnerId, data.riderId);
      await withRetries(
        async () => {
          const stored = (await get(key)) as RosteredRow | undefined;
          const now = new Date();
          const row = rowFromAnnouncement(stored, data, event.occurredAt, now);
          if (!row) return;
          const live = await liveMembership(data.personIndex);
          const membershipUnchanged: TransactItem = live
            ? { ConditionCheck: { TableName: tableName, Key: membershipKey(live.id), ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': live.version } } }
            : { ConditionCheck: { TableName: tableName, Key: personKey(data.personIndex), ConditionExpression: 'attribute_not_exists(pk)' } };
          await transact(client, [
            {
              Put: {
                TableName: tableName,
                Item: { ...key, ...row },
                ConditionExpression: 'attribute_not_exists(pk) OR coverageVersion = :read',
                ExpressionAttributeValues: { ':read': stored?.coverageVersion ?? 0 },
              },
            },
            membershipUnchanged,
            outboxPut(tableName, announceCoverage(row, live?.status === 'active', event.province, now)),
          ]);
        },
        { times: 5, isRetryable: (error) => error instanceof ConcurrentChangeError },
      );
    },

    /** The platforms on whose active rosters this person (by blind index) is. */
    async rosteredPlatforms(personIndex: string): Promise<string[]> {
      const rows = await rosteredRows(personIndex);
      return [...new Set(rows.filter((row) => row.status === 'active').map((row) => row.platform as string))].sort();
    },

    /** Records a transfer request; no event until the target org accepts it. */
    async requestTransfer(before: Membership, after: Membership, transfer: Transfer): Promise<void> {
      const sealed = await sealedOf(before);
      await transact(client, [
        versionedPut(before, after, sealed),
        { Put: { TableName: tableName, Item: { ...transferKey(transfer.id), ...transfer }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ]);
    },

    async acceptTransfer(before: Membership, after: Membership, transfer: Transfer, event: Envelope): Promise<void> {
      const accept: TransactItem = {
        Put: {
          TableName: tableName,
          Item: { ...transferKey(transfer.id), ...transfer },
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending' },
        },
      };
      await commit(before, after, event, { extra: () => [accept] });
    },

    async listByOrg(orgId: string, query: { status?: string; limit: number; cursor?: string }): Promise<Page<Membership>> {
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'membershipsByOrg',
          KeyConditionExpression: query.status ? 'orgId = :orgId AND begins_with(orgListKey, :status)' : 'orgId = :orgId',
          ExpressionAttributeValues: query.status ? { ':orgId': orgId, ':status': `${query.status}#` } : { ':orgId': orgId },
          Limit: query.limit,
          ExclusiveStartKey: await decodeCursor(query.cursor, { list: 'memberships.membershipsByOrg', orgId, status: query.status ?? '*' }),
        }),
      );
      return { items: (result.Items ?? []).map(toMembership), nextCursor: await encodeCursor(result.LastEvaluatedKey, { list: 'memberships.membershipsByOrg', orgId, status: query.status ?? '*' }) };
    },
  };
}

export type MembershipRepository = ReturnType<typeof makeMembershipRepository>;
