import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Envelope } from '../../events/envelope.js';
import { ConcurrentChangeError, outboxPut, queryAll, transact, type Page, type TransactItem } from '../../shared/dynamo.js';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { indexOf } from '../../shared/topology.js';
import type { Job } from './domain/job.js';
import type { Booth, Fair, FairCounts } from './domain/fair.js';
import { ALL_FAIRS, BOOTH_PREFIX, boothKey, checkinKey, fairIntentionKey, fairJobKey, fairKey, fairStartKey, jobKey } from './keys.js';
import { jobsService } from './service.js';

const FairRecordSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  ancestors: z.array(z.string()),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  venue: z.string(),
  online: z.boolean(),
  createdAt: z.string(),
});

const CountsSchema = z.object({
  employers: z.number().int().default(0),
  positions: z.number().int().default(0),
  checkins: z.number().int().default(0),
  intentions: z.number().int().default(0),
});

const BoothRecordSchema = z.object({
  employerId: z.string(),
  employerName: z.string(),
  jobIds: z.array(z.string()),
  positions: z.number().int(),
  intentions: z.number().int().default(0),
  version: z.number().int(),
});

const FairJobSchema = z.object({ jobId: z.string(), employerId: z.string(), headcount: z.number().int() });

export class AlreadyCheckedInSignal extends Error {}

export class IntentionExistsError extends ConflictError {
  constructor(jobId: string) {
    super(`You already told the booth of job ${jobId} you want it`);
  }
}

export class NotCheckedInError extends ConflictError {
  constructor(fairId: string) {
    super(`Check in to fair ${fairId} first`);
  }
}

const table = jobsService.tables.jobs;

export function makeFairRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  const getItem = async (key: Record<string, string>) => (await client.send(new GetCommand({ TableName: tableName, Key: key }))).Item;
  const add = (key: Record<string, string>, counts: Partial<FairCounts>, condition?: { expression: string; values: Record<string, unknown> }): TransactItem => {
    const names = Object.keys(counts);
    return {
      Update: {
        TableName: tableName,
        Key: key,
        UpdateExpression: `ADD ${names.map((name) => `${name} :${name}`).join(', ')}`,
        ExpressionAttributeValues: { ...Object.fromEntries(names.map((name) => [`:${name}`, counts[name as keyof FairCounts]])), ...condition?.values },
        ...(condition ? { ConditionExpression: condition.expression } : {}),
      },
    };
  };

  return {
    async get(fairId: string): Promise<Fair | undefined> {
      const item = await getItem(fairKey(fairId));
      return item ? FairRecordSchema.parse(item) : undefined;
    },

    async counts(fairId: string): Promise<FairCounts | undefined> {
      const item = await getItem(fairKey(fairId));
      return item ? CountsSchema.parse(item) : undefined;
    },

    /** Writes a fair with zeroed counters and its event. */
    async create(fair: Fair, event: Envelope): Promise<void> {
      await transact(client, [
        {
          Put: {
            TableName: tableName,
            Item: { ...fairKey(fair.id), ...fair, employers: 0, positions: 0, checkins: 0, intentions: 0, fairOrg: fair.orgId, fairAll: ALL_FAIRS, fairStart: fairStartKey(fair.startsAt, fair.id) },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        outboxPut(tableName, event),
      ]);
    },

    /** Fairs starting at or after `from`, soonest first: of one organizing org, or of the whole province. */
    async list(filter: { orgId?: string; from: string }, page: { limit: number; cursor?: string }): Promise<Page<Fair>> {
      const partition: Record<string, string> = filter.orgId ? { fairOrg: filter.orgId } : { fairAll: ALL_FAIRS };
      const [[name, value]] = Object.entries(partition) as [[string, string]];
      const scope = { list: 'jobs.fairs', [name]: value, from: filter.from };
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: filter.orgId ? indexOf(table, 'fairsByOrg') : indexOf(table, 'fairsByStart'),
          KeyConditionExpression: '#p = :p AND fairStart >= :from',
          ExpressionAttributeNames: { '#p': name },
          ExpressionAttributeValues: { ':p': value, ':from': filter.from },
          Limit: page.limit,
          ExclusiveStartKey: await decodeCursor(page.cursor, scope),
        }),
      );
      return { items: (result.Items ?? []).map((item) => FairRecordSchema.parse(item)), nextCursor: await encodeCursor(result.LastEvaluatedKey, scope) };
    },

    async getBooth(fairId: string, employerId: string): Promise<Booth | undefined> {
      const item = await getItem(boothKey(fairId, employerId));
      return item ? BoothRecordSchema.parse(item) : undefined;
    },

    async booths(fairId: string): Promise<Booth[]> {
      const booths: Booth[] = [];
      for await (const item of queryAll(client, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': fairKey(fairId).pk, ':prefix': BOOTH_PREFIX },
      })) booths.push(BoothRecordSchema.parse(item));
      return booths;
    },

    /**
     * Puts jobs at an employer's booth: the booth as read (or none yet), each job still open and
     * unchanged since read (its version moves, and it learns the fair), each job at most once
     * per fair, and the fair's employers and positions counted in the same transaction.
     */
    async attach(fair: Fair, booth: Booth | undefined, next: Booth, jobs: Job[]): Promise<void> {
      const positions = jobs.reduce((sum, job) => sum + job.headcount, 0);
      await transact(client, [
        {
          Put: {
            TableName: tableName,
            Item: { ...boothKey(fair.id, next.employerId), ...next },
            ...(booth
              ? { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': booth.version } }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          },
        },
        add(fairKey(fair.id), { employers: booth ? 0 : 1, positions }),
        ...jobs.flatMap((job): (TransactItem | { item: TransactItem; onConditionFailed: () => Error })[] => [
          { Put: { TableName: tableName, Item: { ...fairJobKey(fair.id, job.id), jobId: job.id, employerId: job.employerId, headcount: job.headcount }, ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            item: {
              Update: {
                TableName: tableName,
                Key: jobKey(job.id),
                UpdateExpression: 'SET fairIds = list_append(fairIds, :fair), version = version + :one',
                ConditionExpression: 'version = :read AND #status = :open',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':fair': [fair.id], ':one': 1, ':read': job.version, ':open': 'open' },
              },
            },
            onConditionFailed: () => new ConcurrentChangeError(),
          },
        ]),
      ]);
    },

    /**
     * Checks a worker in once: the check-in item's condition makes a repeat a no-op (the signal
     * tells the caller), and the counter moves in the same transaction. An on-site fair's code
     * must be one of those its check-in links issued.
     */
    async checkin(fairId: string, workerId: string, at: Date, codeHash: string | undefined): Promise<void> {
      const code = codeHash ? { expression: 'contains(checkinCodes, :code)', values: { ':code': codeHash } } : undefined;
      await transact(client, [
        {
          item: { Put: { TableName: tableName, Item: { ...checkinKey(fairId, workerId), checkedInAt: at.toISOString() }, ConditionExpression: 'attribute_not_exists(pk)' } },
          onConditionFailed: () => new AlreadyCheckedInSignal(),
        },
        { item: add(fairKey(fairId), { checkins: 1 }, code), onConditionFailed: () => InvalidInputError.field('body.checkinToken', 'is not a check-in code of this fair') },
      ]);
    },

    async checkedInAt(fairId: string, workerId: string): Promise<string | undefined> {
      const item = await getItem(checkinKey(fairId, workerId));
      return item ? z.object({ checkedInAt: z.string() }).parse(item).checkedInAt : undefined;
    },

    /** Adds a check-in code (kept as its hash) to the fair. */
    /** Whether the fair holds a check-in code with this hash. */
    async hasCheckinCode(fairId: string, codeHash: string): Promise<boolean> {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: fairKey(fairId), ProjectionExpression: 'checkinCodes' }));
      return Item?.checkinCodes instanceof Set && Item.checkinCodes.has(codeHash);
    },

    async addCheckinCode(fairId: string, codeHash: string): Promise<void> {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: fairKey(fairId),
          UpdateExpression: 'ADD checkinCodes :code',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':code': new Set([codeHash]) },
        }),
      );
    },

    async fairJob(fairId: string, jobId: string): Promise<{ jobId: string; employerId: string } | undefined> {
      const item = await getItem(fairJobKey(fairId, jobId));
      return item ? FairJobSchema.parse(item) : undefined;
    },

    /**
     * Records a worker's intention for a job at the fair: once per worker and job, only after
     * checking in, counted on the fair and the booth, announced by its event, in one transaction.
     */
    async addIntention(
      fairId: string,
      job: { jobId: string; employerId: string },
      { workerId, intentionId, at }: { workerId: string; intentionId: string; at: Date },
      event: Envelope,
    ): Promise<void> {
      await transact(client, [
        {
          item: { ConditionCheck: { TableName: tableName, Key: checkinKey(fairId, workerId), ConditionExpression: 'attribute_exists(pk)' } },
          onConditionFailed: () => new NotCheckedInError(fairId),
        },
        {
          item: {
            Put: { TableName: tableName, Item: { ...fairIntentionKey(fairId, job.jobId, workerId), intentionId, jobId: job.jobId, recordedAt: at.toISOString() }, ConditionExpression: 'attribute_not_exists(pk)' },
          },
          onConditionFailed: () => new IntentionExistsError(job.jobId),
        },
        add(fairKey(fairId), { intentions: 1 }),
        { item: add(boothKey(fairId, job.employerId), { intentions: 1 }, { expression: 'attribute_exists(pk)', values: {} }), onConditionFailed: () => new NotFoundError(`No booth shows job ${job.jobId}`) },
        outboxPut(tableName, event),
      ]);
    },
  };
}

export type FairRepository = ReturnType<typeof makeFairRepository>;
