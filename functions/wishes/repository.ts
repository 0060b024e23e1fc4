import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { MembershipStatusSchema } from '../../events/membership-status-changed.v1.js';
import { WishCategorySchema, WishStatusSchema, type WishStatus } from '../../events/wish-transition.js';
import { decodeCursor, encodeCursor, type CursorScope } from '../../shared/pagination.js';
import { ConcurrentChangeError, outboxPut, queryAll, transact, type GuardedItem, type Page, type TransactItem } from '../../shared/dynamo.js';
import { applyOnce } from '../../shared/events/apply-once.js';
import { putNewerMember } from '../../shared/projections/member-copy.js';
import { indexOf } from '../../shared/topology.js';
import type { Campaign, OrgRef } from './domain/campaign.js';
import { AlreadyWishedError, BudgetExceededError, ClaimLimitError, QuotaReachedError } from './domain/errors.js';
import type { Notification } from './domain/notification.js';
import { reminderDueAt, type Member, type Wish, type WishChange } from './domain/wish.js';
import {
  campaignKey,
  campaignListKey,
  campaignSortKey,
  donorKey,
  EXPIRY_QUEUE,
  guardKey,
  memberKey,
  notificationsPartition,
  orgKey,
  poolKey,
  timeKey,
  wishKey,
} from './keys.js';
import { wishesService } from './service.js';

const spec = wishesService.tables.wishes;
const index = (name: Parameters<typeof indexOf<typeof spec>>[1]) => indexOf(spec, name);

// One typed mapping per entity: what is stored is parsed back into the domain's shape (index
// attributes are dropped by the parse), so a read never trusts an item's shape by a cast.
const StationSchema = z.object({ name: z.string(), address: z.string() });
const count = z.number().default(0);
const CountsSchema = z.object({ pending_review: count, open: count, claimed: count, delivered: count, fulfilled: count, rejected: count, withdrawn: count });
const StoredCampaignSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  ancestors: z.array(z.string()),
  regionCode: z.string(),
  title: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  budgetFen: z.number(),
  spentFen: z.number(),
  quota: z.number(),
  taken: z.number(),
  maxValueFen: z.number(),
  claimHoldDays: z.number(),
  stations: z.array(StationSchema),
  counts: CountsSchema,
  createdAt: z.string(),
}) satisfies z.ZodType<Campaign>;

const StoredWishSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  orgId: z.string(),
  ancestors: z.array(z.string()),
  workerId: z.string().optional(),
  title: z.string(),
  category: WishCategorySchema,
  description: z.string(),
  valueFen: z.number(),
  regionCode: z.string(),
  occupation: z.string(),
  status: WishStatusSchema,
  claimHoldDays: z.number(),
  createdAt: z.string(),
  openedAt: z.string().optional(),
  rejectionReason: z.string().optional(),
  claim: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('donor'), donorId: z.string(), donorName: z.string(), claimedAt: z.string(), expiresAt: z.string(), remindedAt: z.string().optional() }),
      z.object({ kind: z.literal('union'), orgId: z.string(), claimedAt: z.string() }),
    ])
    .optional(),
  delivery: z.object({ to: z.enum(['org', 'station']), station: StationSchema.optional(), note: z.string(), deliveredAt: z.string() }).optional(),
  fulfilledAt: z.string().optional(),
  thanks: z.string().optional(),
  withdrawnAt: z.string().optional(),
  version: z.number(),
}) satisfies z.ZodType<Wish>;

const StoredMemberSchema = z.object({
  workerId: z.string(),
  status: MembershipStatusSchema,
  orgId: z.string(),
  ancestors: z.array(z.string()),
  regionCode: z.string().optional(),
  occupation: z.string(),
  changedAt: z.string(),
}) satisfies z.ZodType<Member>;

const StoredOrgSchema = z.object({ id: z.string(), ancestors: z.array(z.string()), regionCode: z.string() }) satisfies z.ZodType<OrgRef>;

const StoredNotificationSchema = z.object({
  id: z.string(),
  type: z.string(),
  text: z.string(),
  wishId: z.string(),
  createdAt: z.string(),
  read: z.boolean(),
}) satisfies z.ZodType<Notification>;

const DonorSchema = z.object({ claimsOpen: z.number().default(0), claimLimit: z.number().optional() });
export type DonorClaims = z.infer<typeof DonorSchema>;

/** The pool's filters as the repository runs them (api.md, `GET /v1/wishes`). */
export interface PoolFilter {
  status: WishStatus;
  campaignId?: string;
  category?: string;
  maxValueFen?: number;
  /** A region code prefix: 2 digits (province), 4 (city) or 6 (district). */
  regionPrefix?: string;
  /** Only wishes of campaigns in this org's subtree (org staff). */
  scopeOrgId?: string;
}

/** A page request: limit and the opaque cursor a previous page returned. */
export interface PageRequest {
  limit: number;
  cursor?: string;
}

/** Donor claims that never were delivered, released or expired: the ones that may expire. */
const expiring = (wish: Wish) => wish.status === 'claimed' && wish.claim?.kind === 'donor';
/** A donor's giving record keeps its claims from claim to the end, even when withdrawn. */
const donorOf = (wish: Wish) => (wish.claim?.kind === 'donor' ? wish.claim : undefined);

/** A filter's set values as strings, so a cursor is bound to the filter it paged. */
const definedStrings = (filter: object): Record<string, string> =>
  Object.fromEntries(Object.entries(filter).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])));

const MAX_FILL_ROUNDS = 5;

export function makeWishRepository({ client, tableName, defaultClaimLimit }: { client: DynamoDBDocumentClient; tableName: string; defaultClaimLimit: number }) {
  const get = async (key: Record<string, string>) => (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  const wishItem = (wish: Wish) => {
    const donor = donorOf(wish);
    return {
      ...wishKey(wish.id),
      ...wish,
      poolStatus: wish.status,
      poolKey: poolKey(wish.regionCode, wish.createdAt, wish.id),
      campaignListKey: campaignListKey(wish.status, wish.regionCode, wish.createdAt, wish.id),
      ...(wish.workerId ? { workerListKey: timeKey(wish.createdAt, wish.id) } : {}),
      ...(donor ? { donorId: donor.donorId, donorListKey: timeKey(donor.claimedAt, wish.id) } : {}),
      ...(expiring(wish) && donor ? { expiryQueue: EXPIRY_QUEUE, expiresAtKey: timeKey(donor.expiresAt, wish.id) } : {}),
      ...(expiring(wish) && donor && !donor.remindedAt ? { reminderQueue: EXPIRY_QUEUE, remindAtKey: timeKey(reminderDueAt(donor), wish.id) } : {}),
    };
  };

  /**
   * A Query that fills a page of `limit` items through a filter, reading at most a few
   * DynamoDB pages; the cursor is the key of the last item returned, so nothing is skipped.
   */
  async function page<T>(input: QueryCommandInput, scope: CursorScope, request: PageRequest, parse: (item: Record<string, unknown>) => T, keyOf: (item: Record<string, unknown>) => Record<string, unknown>): Promise<Page<T>> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined = await decodeCursor(request.cursor, scope);
    for (let round = 0; round < MAX_FILL_ROUNDS && items.length < request.limit; round++) {
      const result = await client.send(new QueryCommand({ ...input, Limit: request.limit, ExclusiveStartKey: start }));
      items.push(...(result.Items ?? []));
      start = result.LastEvaluatedKey;
      if (!start) break;
    }
    const kept = items.slice(0, request.limit);
    const more = items.length > request.limit || start !== undefined;
    const last = kept.at(-1);
    return { items: kept.map(parse), nextCursor: more && last ? await encodeCursor(keyOf(last), scope) : null };
  }

  const wishCursorKey = (indexKeys: readonly string[]) => (item: Record<string, unknown>) =>
    Object.fromEntries(['pk', 'sk', ...indexKeys].map((name) => [name, item[name]]));
  const parseWish = (item: Record<string, unknown>) => StoredWishSchema.parse(item);

  /** Every wish of one partition of an index, all pages. */
  async function everyWish(indexName: Parameters<typeof index>[0], partitionKey: string, value: string): Promise<Wish[]> {
    const wishes: Wish[] = [];
    const query = { TableName: tableName, IndexName: index(indexName), KeyConditionExpression: '#p = :v', ExpressionAttributeNames: { '#p': partitionKey }, ExpressionAttributeValues: { ':v': value } };
    for await (const item of queryAll(client, query)) wishes.push(parseWish(item));
    return wishes;
  }

  /** Ids of the wishes of a time-keyed sparse index (`<time>#<wishId>` in the one `EXPIRY_QUEUE` partition) due by `now`, oldest first. */
  async function dueIds(indexName: 'claimsByExpiry' | 'claimReminders', partitionKey: string, sortKey: string, now: Date, limit: number): Promise<string[]> {
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index(indexName),
        KeyConditionExpression: '#p = :q AND #s < :now',
        ExpressionAttributeNames: { '#p': partitionKey, '#s': sortKey },
        ExpressionAttributeValues: { ':q': EXPIRY_QUEUE, ':now': `${now.toISOString()}#~` },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => parseWish(item).id);
  }

  /** One Update of the campaign for every effect on it: a transaction may touch an item once. */
  function campaignEffects(campaignId: string, change: WishChange): GuardedItem | undefined {
    const { quota, spendFen } = change.effects;
    if (quota === undefined && spendFen === undefined) return undefined;
    const adds: string[] = [];
    const conditions: string[] = ['attribute_exists(pk)'];
    const values: Record<string, number> = {};
    if (quota !== undefined) {
      adds.push('taken :quota');
      values[':quota'] = quota;
      if (quota > 0) conditions.push('taken < quota');
    }
    if (spendFen !== undefined) {
      adds.push('spentFen :spend, remainingFen :unspend');
      values[':spend'] = spendFen;
      values[':unspend'] = -spendFen;
      if (spendFen > 0) {
        conditions.push('remainingFen >= :spend');
      }
    }
    return {
      item: {
        Update: {
          TableName: tableName,
          Key: campaignKey(campaignId),
          UpdateExpression: `ADD ${adds.join(', ')}`,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeValues: values,
        },
      },
      onConditionFailed: () => (spendFen !== undefined && spendFen > 0 ? new BudgetExceededError(campaignId) : new QuotaReachedError(campaignId)),
    };
  }

  function guardEffect(change: WishChange): GuardedItem | undefined {
    const workerId = change.after.workerId;
    if (!change.effects.guard || !workerId) return undefined;
    const key = guardKey(change.after.campaignId, workerId);
    if (change.effects.guard === 'delete') return { item: { Delete: { TableName: tableName, Key: key } } };
    return {
      item: { Put: { TableName: tableName, Item: { ...key, wishId: change.after.id }, ConditionExpression: 'attribute_not_exists(pk)' } },
      onConditionFailed: () => new AlreadyWishedError(),
    };
  }

  function donorEffect(change: WishChange): GuardedItem | undefined {
    const donor = change.effects.donorClaims;
    if (!donor) return undefined;
    if (donor.delta < 0) {
      return { item: { Update: { TableName: tableName, Key: donorKey(donor.donorId), UpdateExpression: 'ADD claimsOpen :delta', ExpressionAttributeValues: { ':delta': donor.delta } } } };
    }
    return {
      item: {
        Update: {
          TableName: tableName,
          Key: donorKey(donor.donorId),
          UpdateExpression: 'ADD claimsOpen :delta',
          // The limit is the donor's override when the province admin set one, else the default.
          ConditionExpression:
            '(attribute_not_exists(claimLimit) AND (attribute_not_exists(claimsOpen) OR claimsOpen < :default)) OR (attribute_exists(claimLimit) AND claimsOpen < claimLimit)',
          ExpressionAttributeValues: { ':delta': donor.delta, ':default': defaultClaimLimit },
        },
      },
      onConditionFailed: () => new ClaimLimitError(),
    };
  }

  function wishPut(change: WishChange): TransactItem {
    const after = { ...change.after, version: change.before ? change.before.version + 1 : 0 };
    return change.before
      ? { Put: { TableName: tableName, Item: wishItem(after), ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': change.before.version } } }
      : { Put: { TableName: tableName, Item: wishItem(after), ConditionExpression: 'attribute_not_exists(pk)' } };
  }

  return {
    async getOrg(orgId: string): Promise<OrgRef | undefined> {
      const item = await get(orgKey(orgId));
      return item ? StoredOrgSchema.parse(item) : undefined;
    },

    /** The org copy (OrgCreated): the same event always writes the same item, so a put is idempotent. */
    async putOrg(org: OrgRef): Promise<void> {
      await client.send(new PutCommand({ TableName: tableName, Item: { ...orgKey(org.id), ...org } }));
    },

    async getMember(workerId: string): Promise<Member | undefined> {
      const item = await get(memberKey(workerId));
      return item ? StoredMemberSchema.parse(item) : undefined;
    },

    /**
     * Keeps the newest membership state of a worker: an event older than the stored one changes
     * nothing (returns false). An erased member is kept as a tombstone that TTL removes once no
     * older event can still arrive.
     */
    putMember: (member: Member): Promise<boolean> => putNewerMember(client, tableName, memberKey(member.workerId), { ...member }),

    async getCampaign(campaignId: string): Promise<Campaign | undefined> {
      const item = await get(campaignKey(campaignId));
      return item ? StoredCampaignSchema.parse(item) : undefined;
    },

    /** A new campaign with its quota counter and unspent budget, which later writes move with conditions. */
    async createCampaign(campaign: Campaign): Promise<void> {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...campaignKey(campaign.id),
            ...campaign,
            remainingFen: campaign.budgetFen - campaign.spentFen,
            campaignOrgId: campaign.orgId,
            campaignSortKey: campaignSortKey(campaign.opensAt, campaign.id),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    /** An org's campaigns, newest opening first; `openAt` keeps those taking wishes then, `closedBy` those closed. */
    listCampaigns(orgId: string, filter: { opensBy?: string; closesAfter?: string; opensAfter?: string; closesBy?: string }, request: PageRequest): Promise<Page<Campaign>> {
      const conditions: string[] = [];
      const values: Record<string, string> = { ':org': orgId };
      if (filter.opensBy) (conditions.push('opensAt <= :opensBy'), (values[':opensBy'] = filter.opensBy));
      if (filter.opensAfter) (conditions.push('opensAt > :opensAfter'), (values[':opensAfter'] = filter.opensAfter));
      if (filter.closesAfter) (conditions.push('closesAt > :closesAfter'), (values[':closesAfter'] = filter.closesAfter));
      if (filter.closesBy) (conditions.push('closesAt <= :closesBy'), (values[':closesBy'] = filter.closesBy));
      return page(
        {
          TableName: tableName,
          IndexName: index('campaignsByOrg'),
          KeyConditionExpression: 'campaignOrgId = :org',
          ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
        },
        { list: 'wishes.campaigns', orgId, phase: Object.keys(filter).sort().join(',') },
        request,
        (item) => StoredCampaignSchema.parse(item),
        wishCursorKey(['campaignOrgId', 'campaignSortKey']),
      );
    },

    async getWish(wishId: string): Promise<Wish | undefined> {
      const item = await get(wishKey(wishId));
      return item ? parseWish(item) : undefined;
    },

    /**
     * Commits a wish's change in one transaction: the wish (on the condition that nobody changed
     * it since it was read), the items its effects move, each with the condition that keeps its
     * invariant (quota, one wish per member, donor claim limit, budget), and its event.
     */
    async commit(change: WishChange): Promise<Wish> {
      const put = wishPut(change);
      await transact(client, [
        ...[guardEffect(change), campaignEffects(change.after.campaignId, change), donorEffect(change)].filter((item): item is GuardedItem => item !== undefined),
        put,
        outboxPut(tableName, change.event),
      ]);
      return { ...change.after, version: change.before ? change.before.version + 1 : 0 };
    },

    /** Drops the wish's link to its worker (erasure): the wish stays, anonymous, for the campaign's counts. */
    async unlinkWorker(wish: Wish): Promise<void> {
      const { workerId, ...unlinked } = wish;
      const entries: TransactItem[] = [
        { Put: { TableName: tableName, Item: wishItem({ ...unlinked, version: wish.version + 1 }), ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': wish.version } } },
      ];
      if (workerId) entries.push({ Delete: { TableName: tableName, Key: guardKey(wish.campaignId, workerId) } });
      await transact(client, entries);
    },

    pool(filter: PoolFilter, request: PageRequest): Promise<Page<Wish>> {
      const filters: string[] = [];
      const values: Record<string, string | number> = {};
      if (filter.category) (filters.push('category = :category'), (values[':category'] = filter.category));
      if (filter.maxValueFen !== undefined) (filters.push('valueFen <= :max'), (values[':max'] = filter.maxValueFen));
      if (filter.scopeOrgId) (filters.push('(orgId = :scope OR contains(ancestors, :scope))'), (values[':scope'] = filter.scopeOrgId));
      const filterPart = filters.length ? { FilterExpression: filters.join(' AND ') } : {};
      if (filter.campaignId) {
        values[':campaign'] = filter.campaignId;
        values[':prefix'] = `${filter.status}#${filter.regionPrefix ?? ''}`;
        return page(
          {
            TableName: tableName,
            IndexName: index('wishesByCampaign'),
            KeyConditionExpression: 'campaignId = :campaign AND begins_with(campaignListKey, :prefix)',
            ...filterPart,
            ExpressionAttributeValues: values,
          },
          { list: 'wishes.pool.campaign', ...definedStrings(filter) },
          request,
          parseWish,
          wishCursorKey(['campaignId', 'campaignListKey']),
        );
      }
      values[':status'] = filter.status;
      if (filter.regionPrefix) values[':region'] = filter.regionPrefix;
      return page(
        {
          TableName: tableName,
          IndexName: index('poolByStatus'),
          KeyConditionExpression: filter.regionPrefix ? 'poolStatus = :status AND begins_with(poolKey, :region)' : 'poolStatus = :status',
          ...filterPart,
          ExpressionAttributeValues: values,
        },
        { list: 'wishes.pool', ...definedStrings(filter) },
        request,
        parseWish,
        wishCursorKey(['poolStatus', 'poolKey']),
      );
    },

    /** Every wish of a campaign, for its report (a campaign holds at most its quota of live wishes). */
    campaignWishes(campaignId: string): Promise<Wish[]> {
      return everyWish('wishesByCampaign', 'campaignId', campaignId);
    },

    /** A worker's wishes, newest first. */
    workerWishes(workerId: string, request: PageRequest): Promise<Page<Wish>> {
      return page(
        { TableName: tableName, IndexName: index('wishesByWorker'), KeyConditionExpression: 'workerId = :w', ExpressionAttributeValues: { ':w': workerId }, ScanIndexForward: false },
        { list: 'wishes.mine', workerId },
        request,
        parseWish,
        wishCursorKey(['workerId', 'workerListKey']),
      );
    },

    /** Every wish still linked to a worker (for leaving and erasure). */
    allWorkerWishes(workerId: string): Promise<Wish[]> {
      return everyWish('wishesByWorker', 'workerId', workerId);
    },

    /** A donor's claims, newest first: its giving record. */
    donorWishes(donorId: string, request: PageRequest): Promise<Page<Wish>> {
      return page(
        { TableName: tableName, IndexName: index('claimsByDonor'), KeyConditionExpression: 'donorId = :d', ExpressionAttributeValues: { ':d': donorId }, ScanIndexForward: false },
        { list: 'wishes.gifts', donorId },
        request,
        parseWish,
        wishCursorKey(['donorId', 'donorListKey']),
      );
    },

    /** Every claim of a donor, for its totals. */
    allDonorWishes(donorId: string): Promise<Wish[]> {
      return everyWish('claimsByDonor', 'donorId', donorId);
    },

    /** Ids of donor claims whose hold ended by `now`, oldest first, at most `limit`. */
    dueClaims(now: Date, limit: number): Promise<string[]> {
      return dueIds('claimsByExpiry', 'expiryQueue', 'expiresAtKey', now, limit);
    },

    /** Ids of donor claims whose reminder is due by `now` and not yet sent, oldest first, at most `limit`. */
    dueReminders(now: Date, limit: number): Promise<string[]> {
      return dueIds('claimReminders', 'reminderQueue', 'remindAtKey', now, limit);
    },

    async getDonor(donorId: string): Promise<DonorClaims> {
      return DonorSchema.parse((await get(donorKey(donorId))) ?? {});
    },

    /** Sets a donor's claim limit override; claims it holds already stay held. */
    async setClaimLimit(donorId: string, limit: number): Promise<DonorClaims> {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: donorKey(donorId),
          UpdateExpression: 'SET claimLimit = :limit, claimsOpen = if_not_exists(claimsOpen, :zero)',
          ExpressionAttributeValues: { ':limit': limit, ':zero': 0 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return DonorSchema.parse(Attributes ?? {});
    },

    /** Moves the campaign's per-status counts for one wish event, once per event. */
    countTransition(eventId: string, { campaignId, from, to }: { campaignId: string; from: WishStatus | null; to: WishStatus }): Promise<boolean> {
      const names: Record<string, string> = { '#to': to };
      const sets = ['counts.#to = counts.#to + :one'];
      if (from) {
        names['#from'] = from;
        sets.push('counts.#from = counts.#from - :one');
      }
      return applyOnce(client, {
        tableName,
        consumer: 'wishesProjector',
        eventId,
        now: new Date(),
        writes: [
          {
            Update: {
              TableName: tableName,
              Key: campaignKey(campaignId),
              UpdateExpression: `SET ${sets.join(', ')}`,
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
        ],
      });
    },

    /**
     * Adds a notification to the wish's worker once (its id comes from the event that caused
     * it), and only while the wish still names that worker: an erasure that unlinked them
     * between the caller's read and this write leaves nothing behind for them.
     */
    async notify(wish: Pick<Wish, 'id' | 'workerId'>, notification: Notification): Promise<void> {
      if (!wish.workerId) return;
      try {
        await transact(client, [
          { ConditionCheck: { TableName: tableName, Key: wishKey(wish.id), ConditionExpression: 'workerId = :worker', ExpressionAttributeValues: { ':worker': wish.workerId } } },
          { Put: { TableName: tableName, Item: { pk: notificationsPartition(wish.workerId), sk: notification.id, ...notification }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ]);
      } catch (error) {
        // Either told already (a redelivery) or no longer theirs to be told about.
        if (!(error instanceof ConcurrentChangeError)) throw error;
      }
    },

    notifications(workerId: string, request: PageRequest): Promise<Page<Notification>> {
      const pk = notificationsPartition(workerId);
      return page(
        { TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ScanIndexForward: false },
        { list: 'wishes.notifications', pk },
        request,
        (item) => StoredNotificationSchema.parse(item),
        wishCursorKey([]),
      );
    },

    /** Marks the worker's notifications with these ids read; ids that are not theirs change nothing. Returns how many it marked. */
    async markRead(workerId: string, ids: readonly string[]): Promise<number> {
      let marked = 0;
      for (const id of new Set(ids)) {
        try {
          await client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: { pk: notificationsPartition(workerId), sk: id },
              UpdateExpression: 'SET #read = :true',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#read': 'read' },
              ExpressionAttributeValues: { ':true': true },
            }),
          );
          marked++;
        } catch (error) {
          if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        }
      }
      return marked;
    },

    /** Deletes every notification of a worker (erasure). */
    async dropNotifications(workerId: string): Promise<void> {
      const keys: { pk: string; sk: string }[] = [];
      const query = { TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': notificationsPartition(workerId) }, ProjectionExpression: 'pk, sk', ConsistentRead: true };
      for await (const item of queryAll(client, query)) keys.push({ pk: String(item.pk), sk: String(item.sk) });
      for (const Key of keys) await client.send(new DeleteCommand({ TableName: tableName, Key }));
    },
  };
}

export type WishRepository = ReturnType<typeof makeWishRepository>;
