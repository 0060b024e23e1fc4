import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { OrgCreatedV1Data } from '../../events/org-created.v1.js';
import { outboxPut, queryAll, transact, type GuardedItem, type Page } from '../../shared/dynamo.js';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';
import { putNewerMember, tombstoneExpiry } from '../../shared/projections/member-copy.js';
import { orgTreeNodeOf, orgTreeWrite, type OrgTreeNode } from '../../shared/projections/org-tree.js';
import { indexOf } from '../../shared/topology.js';
import { AidFundOverspentError, BudgetBelowSpentError } from './domain/errors.js';
import { HelpCategorySchema, HelpStatusSchema, type HelpCategory, type HelpChange, type HelpRequest, type HelpStatus, type MemberPlacement, type RegionalOrg } from './domain/help-request.js';
import { ESCALATION_QUEUE, fundKey, memberKey, orgKey, requestKey, timeKey } from './keys.js';
import { helpService } from './service.js';

const spec = helpService.tables.help;

const OutcomeSchema = z.object({ recoveredFen: z.number().int(), aidFen: z.number().int() });

const TimelineEntrySchema = z.object({
  at: z.string(),
  event: z.enum(['filed', 'moved', 'escalated']),
  status: HelpStatusSchema,
  orgId: z.string(),
  by: z.discriminatedUnion('kind', [z.object({ kind: z.literal('worker') }), z.object({ kind: z.literal('staff'), id: z.string() }), z.object({ kind: z.literal('system') })]),
  note: z.string().optional(),
  assigneeId: z.string().optional(),
  outcome: OutcomeSchema.optional(),
});

/** A request as stored (the item's keys and index attributes are other attributes). */
const StoredRequestSchema = z.object({
  id: z.string(),
  workerId: z.string().optional(),
  requester: z.object({ member: z.boolean(), maskedName: z.string().optional() }),
  category: HelpCategorySchema,
  sealedDescription: z.string().optional(),
  regionCode: z.string(),
  platform: z.string().optional(),
  amountFen: z.number().int().optional(),
  status: HelpStatusSchema,
  orgId: z.string(),
  ancestors: z.array(z.string()),
  assigneeId: z.string().optional(),
  outcome: OutcomeSchema.optional(),
  timeline: z.array(TimelineEntrySchema),
  acceptBy: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
}) satisfies z.ZodType<HelpRequest>;

const toRequest = (item: Record<string, unknown>): HelpRequest => StoredRequestSchema.parse(item);

/** The request's item: the request, and the keys of the indexes it belongs in (the worker's, its org's queue, the escalation queue while due). */
const requestItem = (request: HelpRequest) => ({
  ...requestKey(request.id),
  ...request,
  ...(request.workerId ? { workerId: request.workerId, workerListKey: timeKey(request.createdAt, request.id) } : {}),
  queueOrgId: request.orgId,
  queueKey: timeKey(request.createdAt, request.id),
  ...(request.acceptBy ? { escalationQueue: ESCALATION_QUEUE, dueKey: timeKey(request.acceptBy, request.id) } : {}),
});

const StoredMemberSchema = z.object({
  status: z.enum(['pending', 'active', 'rejected', 'left', 'erased']),
  // A tombstone has neither.
  orgId: z.string().default(''),
  ancestors: z.array(z.string()).default([]),
  maskedName: z.string().optional(),
}) satisfies z.ZodType<MemberPlacement>;

export interface AidFund {
  orgId: string;
  year: number;
  budgetFen: number;
  spentFen: number;
}

export interface RequestFilter {
  status?: HelpStatus;
  category?: HelpCategory;
}

export function makeHelpRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  const get = async (key: Record<string, string>, consistent = false) => (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: consistent }))).Item;

  const requestPage = async (input: { index: 'requestsByWorker' | 'requestsByOrg'; key: [string, string]; filter?: RequestFilter }, request: { limit: number; cursor?: string }): Promise<Page<HelpRequest>> => {
    const { status, category } = input.filter ?? {};
    const scope = { list: `help.${input.index}`, owner: input.key[1], status: status ?? '', category: category ?? '' };
    const filters = [...(status ? ['#status = :status'] : []), ...(category ? ['category = :category'] : [])];
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: indexOf(spec, input.index),
        KeyConditionExpression: `${input.key[0]} = :owner`,
        ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
        ...(status ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
        ExpressionAttributeValues: { ':owner': input.key[1], ...(status ? { ':status': status } : {}), ...(category ? { ':category': category } : {}) },
        ScanIndexForward: false,
        Limit: request.limit,
        ExclusiveStartKey: await decodeCursor(request.cursor, scope),
      }),
    );
    return { items: (result.Items ?? []).map(toRequest), nextCursor: await encodeCursor(result.LastEvaluatedKey, scope) };
  };

  return {
    async getOrg(orgId: string): Promise<OrgTreeNode | undefined> {
      return orgTreeNodeOf(await get(orgKey(orgId)));
    },

    /** Records an org, with its kind and an index key by region; a redelivered event writes the same again. */
    async addOrg(data: OrgCreatedV1Data): Promise<void> {
      await client.send(new UpdateCommand(orgTreeWrite(tableName, orgKey(data.orgId), data, { kind: data.kind, orgRegion: data.regionCode }).Update!));
    },

    /** The orgs whose region is exactly one of `regionCodes`. */
    async orgsInRegions(regionCodes: readonly string[]): Promise<RegionalOrg[]> {
      const found = await Promise.all(
        regionCodes.map(async (code) => {
          const orgs: RegionalOrg[] = [];
          for await (const item of queryAll(client, { TableName: tableName, IndexName: indexOf(spec, 'orgsByRegion'), KeyConditionExpression: 'orgRegion = :code', ExpressionAttributeValues: { ':code': code } })) {
            const node = orgTreeNodeOf(item);
            if (node) orgs.push({ ...node, ...(typeof item.kind === 'string' ? { kind: item.kind } : {}) });
          }
          return orgs;
        }),
      );
      return found.flat();
    },

    async getMember(workerId: string): Promise<MemberPlacement | undefined> {
      const item = await get(memberKey(workerId));
      return item ? StoredMemberSchema.parse(item) : undefined;
    },

    /** Stores a member's newest placement; an older event, or any after erasure, changes nothing (false). */
    putMember: (workerId: string, member: MemberPlacement, changedAt: string): Promise<boolean> => putNewerMember(client, tableName, memberKey(workerId), { ...member, changedAt }),

    /**
     * Erasure: the member copy becomes a tombstone without org or name, whatever came before (the
     * membership's own erased event may name no worker; `WorkerErased` always does).
     */
    async dropMember(workerId: string, at: string): Promise<void> {
      await client.send(new PutCommand({ TableName: tableName, Item: { ...memberKey(workerId), status: 'erased', changedAt: at, expiresAt: tombstoneExpiry(at) } }));
    },

    async get(requestId: string, options: { consistent?: boolean } = {}): Promise<HelpRequest | undefined> {
      const item = await get(requestKey(requestId), options.consistent);
      return item ? toRequest(item) : undefined;
    },

    /**
     * Writes a change: the request on the condition that it is still the version the change was
     * decided on (new: that it does not exist), its event, and an aid payout taken from the fund
     * on the condition that as much is left; all or nothing.
     */
    async commit(change: HelpChange): Promise<HelpRequest> {
      const { request, expectedVersion, event, payout } = change;
      const entries: GuardedItem[] = [
        {
          item: {
            Put: {
              TableName: tableName,
              Item: requestItem(request),
              ...(expectedVersion === 0
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
            },
          },
        },
      ];
      if (event) entries.push({ item: outboxPut(tableName, event) });
      if (payout) {
        entries.push({
          item: {
            Update: {
              TableName: tableName,
              Key: fundKey(payout.orgId, payout.year),
              UpdateExpression: 'SET spentFen = spentFen + :fen, remainingFen = remainingFen - :fen',
              ConditionExpression: 'remainingFen >= :fen',
              ExpressionAttributeValues: { ':fen': payout.fen },
            },
          },
          onConditionFailed: () => new AidFundOverspentError(payout.orgId, payout.year, payout.fen),
        });
      }
      await transact(client, entries);
      return request;
    },

    /** A page of the worker's own requests, newest first. */
    mine: (workerId: string, request: { limit: number; cursor?: string }) => requestPage({ index: 'requestsByWorker', key: ['workerId', workerId] }, request),

    /** A page of the requests an org handles, newest first, by status and category when named. */
    ofOrg: (orgId: string, filter: RequestFilter, request: { limit: number; cursor?: string }) => requestPage({ index: 'requestsByOrg', key: ['queueOrgId', orgId], filter }, request),

    /** Every request of a worker (erasure). */
    async allOfWorker(workerId: string): Promise<HelpRequest[]> {
      const requests: HelpRequest[] = [];
      for await (const item of queryAll(client, { TableName: tableName, IndexName: indexOf(spec, 'requestsByWorker'), KeyConditionExpression: 'workerId = :worker', ExpressionAttributeValues: { ':worker': workerId } })) {
        requests.push(toRequest(item));
      }
      return requests;
    },

    /** Ids of received requests whose acceptance deadline is at or before `now`, most overdue first. */
    async overdueIds(now: Date): Promise<string[]> {
      const ids: string[] = [];
      for await (const item of queryAll(client, {
        TableName: tableName,
        IndexName: indexOf(spec, 'awaitingAcceptance'),
        KeyConditionExpression: 'escalationQueue = :queue AND dueKey <= :now',
        ExpressionAttributeValues: { ':queue': ESCALATION_QUEUE, ':now': `${now.toISOString()}#\uffff` },
        ProjectionExpression: 'id',
      })) {
        ids.push(String(item.id));
      }
      return ids;
    },

    async getFund(orgId: string, year: number): Promise<AidFund | undefined> {
      const item = await get(fundKey(orgId, year), true);
      return item && { orgId, year, budgetFen: Number(item.budgetFen), spentFen: Number(item.spentFen) };
    },

    /**
     * Sets an org's aid budget for a year, keeping what was paid: what is left becomes budget −
     * spent in the same write, on the condition that the budget covers what was paid (409 otherwise).
     */
    async putFund(orgId: string, year: number, budgetFen: number): Promise<AidFund> {
      try {
        const result = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: fundKey(orgId, year),
            UpdateExpression: 'SET budgetFen = :budget, spentFen = if_not_exists(spentFen, :zero), remainingFen = :budget - if_not_exists(spentFen, :zero), orgId = :org, #year = :year',
            ConditionExpression: 'attribute_not_exists(spentFen) OR spentFen <= :budget',
            ExpressionAttributeNames: { '#year': 'year' },
            ExpressionAttributeValues: { ':budget': budgetFen, ':zero': 0, ':org': orgId, ':year': year },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return { orgId, year, budgetFen, spentFen: Number(result.Attributes?.spentFen ?? 0) };
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') throw new BudgetBelowSpentError(year);
        throw error;
      }
    },
  };
}

export type HelpRepository = ReturnType<typeof makeHelpRepository>;
