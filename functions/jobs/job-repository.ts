import { BatchGetCommand, GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Envelope } from '../../events/envelope.js';
import { outboxPut, transact, type Page, type TransactItem } from '../../shared/dynamo.js';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';
import { ConflictError } from '../../shared/errors.js';
import { batchGet, batchWrite } from '../../shared/dynamo-batch.js';
import { JobNotFoundError, JobNotOpenError, TradeSchema, jobPayPerHour, shiftOf, type Job } from './domain/job.js';
import { PayUnitSchema } from './domain/pay.js';
import { indexPartitionsOf, newestFirstKey, type SearchFilters } from './domain/search.js';
import { MINUTES_PER_DAY } from '../../shared/wall-clock.js';
import { INTEREST_PREFIX, boothKey, fairJobKey, fairKey, interestKey, jobKey, searchKey, searchPartitionKey, workerInterestKey } from './keys.js';
import type { Interest } from './domain/interest.js';

/** A job as stored: the item's own attributes, whatever else the item carries. */
export const JobRecordSchema = z.object({
  id: z.string(),
  employerId: z.string(),
  employerName: z.string(),
  title: z.string(),
  trade: TradeSchema,
  skills: z.array(z.string()),
  headcount: z.number().int(),
  pay: z.object({ amountFen: z.number().int(), unit: PayUnitSchema }),
  schedule: z.object({ startDate: z.string(), endDate: z.string().optional(), days: z.array(z.number().int()), start: z.string(), end: z.string() }),
  regionCode: z.string(),
  address: z.string(),
  expiresAt: z.string(),
  status: z.enum(['open', 'closed']),
  postedAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  fairIds: z.array(z.string()),
});

const SearchItemSchema = z.object({ pk: z.string(), sk: z.string(), job: JobRecordSchema });

const InterestRecordSchema = z.object({
  intentionId: z.string(),
  jobId: z.string(),
  workerId: z.string().nullable(),
  seekerId: z.string(),
  mobileMasked: z.string().nullable(),
  contactSealed: z.string().nullable(),
  note: z.string().nullable(),
  status: z.enum(['pending', 'accepted']),
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
});

export class AlreadyInterestedError extends ConflictError {
  constructor(jobId: string) {
    super(`You already expressed interest in job ${jobId}`);
  }
}

/** How many index pages one search reads at most before it answers with what it found. */
const MAX_SEARCH_READS = 5;
const LATER_READ_SIZE = 200;

/**
 * The filters the index does not key on, as a FilterExpression over each index item's
 * precomputed figures: pay per hour in fen (absent for piece rates), the days, the shift in
 * minutes (an overnight end past 1440) and the expiry in epoch milliseconds.
 */
function filterOf(filters: SearchFilters, now: Date) {
  const conditions = ['expiresMs > :now'];
  const values: Record<string, unknown> = { ':now': now.getTime() };
  if (filters.payMinFen !== undefined) {
    conditions.push('payPerHourFen >= :pay');
    values[':pay'] = filters.payMinFen;
  }
  if (filters.day !== undefined) {
    conditions.push('contains(days, :day)');
    values[':day'] = filters.day;
  }
  if (filters.window) {
    conditions.push('((shiftStart >= :ws AND shiftEnd <= :we) OR (shiftStart >= :ws2 AND shiftEnd <= :we2))');
    Object.assign(values, { ':ws': filters.window.start, ':we': filters.window.end, ':ws2': filters.window.start - MINUTES_PER_DAY, ':we2': filters.window.end - MINUTES_PER_DAY });
  }
  return { FilterExpression: conditions.join(' AND '), values };
}

export function makeJobRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  const searchItems = (job: Job) => {
    const sortKey = newestFirstKey(job);
    const shift = shiftOf(job);
    const expiresMs = Date.parse(job.expiresAt);
    const figures = {
      job,
      expiresMs,
      payPerHourFen: jobPayPerHour(job) ?? undefined,
      days: job.schedule.days,
      shiftStart: shift.start,
      shiftEnd: shift.end,
      // TTL removes an expired posting's index items; searches already skip them by expiresMs.
      expiresAt: Math.ceil(expiresMs / 1000),
    };
    return indexPartitionsOf(job).map((partition) => ({ ...searchKey(partition, sortKey), ...figures }));
  };

  /** The index items to delete and put when a job goes from `before` to `after` (none for a closed job). */
  const reindex = (before: Job, after: Job): TransactItem[] => {
    const next = after.status === 'open' ? searchItems(after) : [];
    const kept = new Set(next.map((item) => item.pk));
    const stale = searchItems(before).filter((item) => !kept.has(item.pk));
    return [
      ...stale.map((item): TransactItem => ({ Delete: { TableName: tableName, Key: { pk: item.pk, sk: item.sk } } })),
      ...next.map((item): TransactItem => ({ Put: { TableName: tableName, Item: item } })),
    ];
  };

  const toInterest = (item: Record<string, unknown>): Interest => InterestRecordSchema.parse(item);

  return {
    async get(jobId: string): Promise<Job | undefined> {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: jobKey(jobId) }));
      return Item ? JobRecordSchema.parse(Item) : undefined;
    },

    /** The jobs of these ids that exist, by id. */
    async getMany(jobIds: string[]): Promise<Map<string, Job>> {
      const jobs = (await batchGet(client, tableName, jobIds.map(jobKey))).map((item) => JobRecordSchema.parse(item));
      return new Map(jobs.map((job) => [job.id, job]));
    },

    /**
     * Imports postings in bulk with their index items (postings shared by another city's market,
     * a benchmark's data set): batched puts, no events, so the matcher is not told.
     */
    async backfill(jobs: Job[]): Promise<void> {
      await batchWrite(client, tableName, jobs.flatMap((job) => [
        { PutRequest: { Item: { ...jobKey(job.id), ...job } } },
        ...(job.status === 'open' ? searchItems(job) : []).map((Item) => ({ PutRequest: { Item } })),
      ]));
    },

    /** Writes a new posting, its search index items and its event in one transaction. */
    async create(job: Job, event: Envelope): Promise<void> {
      await transact(client, [
        { Put: { TableName: tableName, Item: { ...jobKey(job.id), ...job }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ...searchItems(job).map((item): TransactItem => ({ Put: { TableName: tableName, Item: item } })),
        outboxPut(tableName, event),
      ]);
    },

    /**
     * Replaces a job with its next state, rewrites (or, once closed, deletes) its index items,
     * moves the positions of the fairs showing it by `positionsDelta`, and writes the event: one
     * transaction, on the condition that nobody changed the job since `before` was read.
     */
    async replace(before: Job, after: Job, event: Envelope): Promise<void> {
      const positionsDelta = after.headcount - before.headcount;
      const fairWrites = positionsDelta === 0 ? [] : after.fairIds.flatMap((fairId) => fairPositionWrites(tableName, fairId, after, positionsDelta));
      await transact(client, [
        {
          item: {
            Put: {
              TableName: tableName,
              Item: { ...jobKey(after.id), ...after },
              ConditionExpression: 'version = :read',
              ExpressionAttributeValues: { ':read': before.version },
            },
          },
          onConditionFailed: () => new ConflictError(`Job ${before.id} changed while this request ran; read it again`),
        },
        ...reindex(before, after),
        ...fairWrites,
        outboxPut(tableName, event),
      ]);
    },

    /**
     * A page of open, unexpired postings under one index partition, newest first. The
     * FilterExpression may drop items, so it reads on (larger pages, at most
     * {@link MAX_SEARCH_READS}) until the page is full or the partition ends; the cursor is the
     * last item answered, so the next page starts right after it.
     */
    async search(partition: string, filters: SearchFilters, now: Date, page: { limit: number; cursor?: string }): Promise<Page<Job>> {
      const pk = searchPartitionKey(partition);
      const { FilterExpression, values } = filterOf(filters, now);
      const filtered = FilterExpression !== 'expiresMs > :now';
      const found: { job: Job; key: { pk: string; sk: string } }[] = [];
      // The filters decide which items a page holds, so a cursor is good only for the same search.
      const scope = { list: 'jobs.search', pk, filters: JSON.stringify(filters) };
      let startKey: Record<string, unknown> | undefined = await decodeCursor(page.cursor, scope);
      for (let reads = 0; reads < MAX_SEARCH_READS; reads++) {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            FilterExpression,
            ExpressionAttributeValues: { ':pk': pk, ...values },
            // One more than the page, to know whether another page follows.
            Limit: reads === 0 ? (page.limit + 1) * (filtered ? 2 : 1) : LATER_READ_SIZE,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of result.Items ?? []) {
          const { pk: itemPk, sk, job } = SearchItemSchema.parse(item);
          found.push({ job, key: { pk: itemPk, sk } });
        }
        startKey = result.LastEvaluatedKey;
        if (found.length > page.limit || !startKey) break;
      }
      if (found.length > page.limit) {
        const items = found.slice(0, page.limit);
        return { items: items.map((entry) => entry.job), nextCursor: await encodeCursor(items.at(-1)!.key, scope) };
      }
      return { items: found.map((entry) => entry.job), nextCursor: await encodeCursor(startKey, scope) };
    },

    /** The newest open postings under a partition, at most `max`: candidates for a seeker. */
    async newest(partition: string, now: Date, max: number): Promise<Job[]> {
      const jobs: Job[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            FilterExpression: 'expiresMs > :now',
            ExpressionAttributeValues: { ':pk': searchPartitionKey(partition), ':now': now.getTime() },
            Limit: max,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of result.Items ?? []) jobs.push(SearchItemSchema.parse(item).job);
        startKey = result.LastEvaluatedKey;
      } while (startKey && jobs.length < max);
      return jobs.slice(0, max);
    },

    /**
     * Records a worker's interest in an open, unexpired job: once per worker per job (the
     * worker-side item's condition), in one transaction with the interest.
     */
    async addInterest(interest: Interest & { workerId: string }, now: Date, event: Envelope): Promise<void> {
      await transact(client, [
        {
          item: {
            ConditionCheck: {
              TableName: tableName,
              Key: jobKey(interest.jobId),
              ConditionExpression: '#status = :open AND expiresAt > :now',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':open': 'open', ':now': now.toISOString() },
            },
          },
          onConditionFailed: () => new JobNotOpenError(interest.jobId, 'closed or expired'),
        },
        {
          item: {
            Put: {
              TableName: tableName,
              Item: { ...workerInterestKey(interest.workerId, interest.jobId), intentionId: interest.intentionId, jobId: interest.jobId },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          onConditionFailed: () => new AlreadyInterestedError(interest.jobId),
        },
        { Put: { TableName: tableName, Item: { ...interestKey(interest.jobId, interest.intentionId), ...interest }, ConditionExpression: 'attribute_not_exists(pk)' } },
        outboxPut(tableName, event),
      ]);
    },

    async getInterest(jobId: string, intentionId: string): Promise<Interest | undefined> {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: interestKey(jobId, intentionId) }));
      return Item ? toInterest(Item) : undefined;
    },

    async listInterests(jobId: string, page: { limit: number; cursor?: string }): Promise<Page<Interest>> {
      const pk = jobKey(jobId).pk;
      const scope = { list: 'jobs.interests', pk };
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': INTEREST_PREFIX },
          Limit: page.limit,
          ExclusiveStartKey: await decodeCursor(page.cursor, scope),
        }),
      );
      return { items: (result.Items ?? []).map(toInterest), nextCursor: await encodeCursor(result.LastEvaluatedKey, scope) };
    },

    /** Marks an interest accepted (once; accepting again changes nothing). */
    async acceptInterest(jobId: string, intentionId: string, now: Date): Promise<void> {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: interestKey(jobId, intentionId),
          UpdateExpression: 'SET #status = :accepted, acceptedAt = if_not_exists(acceptedAt, :now)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':accepted': 'accepted', ':now': now.toISOString() },
        }),
      );
    },
  };
}

/** A headcount change on a job shown at a fair moves the fair's and the booth's positions. */
function fairPositionWrites(tableName: string, fairId: string, job: Job, delta: number): TransactItem[] {
  const add = (key: Record<string, string>): TransactItem => ({
    Update: { TableName: tableName, Key: key, UpdateExpression: 'ADD positions :delta', ExpressionAttributeValues: { ':delta': delta } },
  });
  return [
    add(fairKey(fairId)),
    add(boothKey(fairId, job.employerId)),
    { Update: { TableName: tableName, Key: fairJobKey(fairId, job.id), UpdateExpression: 'SET headcount = :headcount', ExpressionAttributeValues: { ':headcount': job.headcount } } },
  ];
}

export type JobRepository = ReturnType<typeof makeJobRepository>;
