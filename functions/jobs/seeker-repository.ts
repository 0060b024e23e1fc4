import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Envelope } from '../../events/envelope.js';
import { ConflictError } from '../../shared/errors.js';
import { outboxPut, queryAll, transact, type Page, type TransactItem } from '../../shared/dynamo.js';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';
import { indexOf } from '../../shared/topology.js';
import { batchWrite } from '../../shared/dynamo-batch.js';
import { TradeSchema } from './domain/job.js';
import { seekerIndexKeys, type MatchResult } from './domain/matching.js';
import type { SeekerCertificate, SeekerProfile } from './domain/seeker.js';
import { MATCH_PREFIX, SEEKER_CERTIFICATE_PREFIX, interestKey, matchKey, profileKey, rankKey, seekerCertificateKey, seekerIndexKey, seekerIndexPartitionKey, workerInterestKey } from './keys.js';
import { jobsService } from './service.js';

const ProfileRecordSchema = z.object({
  workerId: z.string(),
  trades: z.array(TradeSchema),
  skills: z.array(z.string()),
  regionCodes: z.array(z.string()),
  days: z.array(z.number().int()),
  windows: z.array(z.object({ start: z.string(), end: z.string() })),
  payMinFen: z.number().int().nullable(),
  /** Absent in profiles written before certificates were kept. */
  certifiedSkills: z.array(z.object({ skill: z.string(), certificateNo: z.string() })).default([]),
  updatedAt: z.string(),
  pseudonymSalt: z.string(),
});

const CertificateRecordSchema = z.object({ certificateNo: z.string(), courseId: z.string(), kind: z.string(), skills: z.array(z.string()), issuedAt: z.string() });

const ReasonSchema = z.object({ factor: z.enum(['trade', 'skills', 'region', 'schedule', 'pay']), points: z.number(), text: z.string() });

/** A kept match between a job and a seeker, ranked on both sides. */
export interface StoredMatch extends MatchResult {
  jobId: string;
  workerId: string;
  /** The seeker's pseudonym for this job. */
  seekerId: string;
  /** When the job expires: TTL removes the match after it. */
  jobExpiresAt: string;
}

const MatchRecordSchema = z.object({
  jobId: z.string(),
  workerId: z.string(),
  seekerId: z.string(),
  score: z.number().int(),
  reasons: z.array(ReasonSchema),
  jobExpiresAt: z.string(),
});

const WorkerInterestSchema = z.object({ intentionId: z.string(), jobId: z.string() });

const table = jobsService.tables.jobs;

export function makeSeekerRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  const indexItems = (profile: SeekerProfile) =>
    seekerIndexKeys(profile).map((key) => ({ ...seekerIndexKey(key, profile.workerId), profile }));

  const matchItem = (match: StoredMatch) => ({
    ...matchKey(match.jobId, match.workerId),
    ...match,
    matchWorker: match.workerId,
    matchWorkerRank: rankKey(match.score, match.jobId),
    matchJob: match.jobId,
    matchJobRank: rankKey(match.score, match.seekerId),
    expiresAt: Math.ceil(Date.parse(match.jobExpiresAt) / 1000),
  });

  const rankedPage = async (index: 'matchesBySeeker' | 'matchesByJob', partition: Record<string, string>, page: { limit: number; cursor?: string }): Promise<Page<StoredMatch>> => {
    const [[name, value]] = Object.entries(partition) as [[string, string]];
    const scope = { list: `jobs.${index}`, [name]: value };
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: indexOf(table, index),
        KeyConditionExpression: '#p = :p',
        ExpressionAttributeNames: { '#p': name },
        ExpressionAttributeValues: { ':p': value },
        Limit: page.limit,
        ExclusiveStartKey: await decodeCursor(page.cursor, scope),
      }),
    );
    return { items: (result.Items ?? []).map((item) => MatchRecordSchema.parse(item)), nextCursor: await encodeCursor(result.LastEvaluatedKey, scope) };
  };

  const all = async (input: Parameters<typeof queryAll>[1]) => {
    const items: Record<string, unknown>[] = [];
    for await (const item of queryAll(client, input)) items.push(item);
    return items;
  };

  const getProfile = async (workerId: string): Promise<SeekerProfile | undefined> => {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: profileKey(workerId) }));
    return Item ? ProfileRecordSchema.parse(Item) : undefined;
  };

  /** The course certificates kept under the worker, read strongly: a profile written next carries them all. */
  const certificates = async (workerId: string): Promise<SeekerCertificate[]> =>
    (await all({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': profileKey(workerId).pk, ':prefix': SEEKER_CERTIFICATE_PREFIX },
      ConsistentRead: true,
    })).map((item) => CertificateRecordSchema.parse(item));

  const seekerMatches = async (workerId: string): Promise<StoredMatch[]> => {
    const items = await all({
      TableName: tableName,
      IndexName: indexOf(table, 'matchesBySeeker'),
      KeyConditionExpression: 'matchWorker = :w',
      ExpressionAttributeValues: { ':w': workerId },
    });
    return items.map((item) => MatchRecordSchema.parse(item));
  };

  return {
    getProfile,
    seekerMatches,
    certificates,

    /** Keeps a course certificate under the worker, whether or not they have a profile yet; keyed by its number, so a redelivery writes the same item again. */
    async addCertificate(workerId: string, certificate: SeekerCertificate): Promise<void> {
      await client.send(new PutCommand({ TableName: tableName, Item: { ...seekerCertificateKey(workerId, certificate.certificateNo), ...certificate } }));
    },

    /**
     * Writes a profile, moves its matcher index items (trade × area) and writes its event in one
     * transaction, on the condition that the profile is still the one read.
     */
    async putProfile(profile: SeekerProfile, previous: SeekerProfile | undefined, event: Envelope): Promise<void> {
      const next = indexItems(profile);
      const kept = new Set(next.map((item) => item.pk));
      const stale = previous ? indexItems(previous).filter((item) => !kept.has(item.pk)) : [];
      await transact(client, [
        {
          item: {
            Put: {
              TableName: tableName,
              Item: { ...profileKey(profile.workerId), ...profile },
              ...(previous
                ? { ConditionExpression: 'updatedAt = :read', ExpressionAttributeValues: { ':read': previous.updatedAt } }
                : { ConditionExpression: 'attribute_not_exists(pk)' }),
            },
          },
          onConditionFailed: () => new ConflictError('Your profile changed while this request ran; send it again'),
        },
        ...stale.map((item): TransactItem => ({ Delete: { TableName: tableName, Key: { pk: item.pk, sk: item.sk } } })),
        ...next.map((item): TransactItem => ({ Put: { TableName: tableName, Item: item } })),
        outboxPut(tableName, event),
      ]);
    },

    /** Imports profiles in bulk with their matcher index items (a benchmark's data set): no events, no matching. */
    async backfill(profiles: SeekerProfile[]): Promise<void> {
      await batchWrite(client, tableName, profiles.flatMap((profile) => [
        { PutRequest: { Item: { ...profileKey(profile.workerId), ...profile } } },
        ...indexItems(profile).map((Item) => ({ PutRequest: { Item } })),
      ]));
    },

    /** Every seeker indexed under these keys (trade × city or province), once each. */
    async candidates(keys: string[]): Promise<SeekerProfile[]> {
      const found = new Map<string, SeekerProfile>();
      for (const key of keys) {
        const items = await all({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': seekerIndexPartitionKey(key) } });
        for (const item of items) {
          const profile = ProfileRecordSchema.parse(z.object({ profile: z.unknown() }).parse(item).profile);
          found.set(profile.workerId, profile);
        }
      }
      return [...found.values()];
    },

    async jobMatches(jobId: string): Promise<StoredMatch[]> {
      const items = await all({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': matchKey(jobId, '').pk, ':prefix': MATCH_PREFIX },
      });
      return items.map((item) => MatchRecordSchema.parse(item));
    },

    /** Puts matches and removes others: a projection recomputed from state, so no conditions. */
    async writeMatches(put: StoredMatch[], remove: Pick<StoredMatch, 'jobId' | 'workerId'>[]): Promise<void> {
      await batchWrite(client, tableName, [
        ...put.map((match) => ({ PutRequest: { Item: matchItem(match) } })),
        ...remove.map((match) => ({ DeleteRequest: { Key: matchKey(match.jobId, match.workerId) } })),
      ]);
    },

    listSeekerMatches: (workerId: string, page: { limit: number; cursor?: string }) => rankedPage('matchesBySeeker', { matchWorker: workerId }, page),
    listJobMatches: (jobId: string, page: { limit: number; cursor?: string }) => rankedPage('matchesByJob', { matchJob: jobId }, page),

    /**
     * Erasure (PIPL): the profile, its index items, its certificates and every match go; the
     * worker's interests keep only what counts them (no worker id, contact or note).
     */
    async erase(workerId: string): Promise<void> {
      const profile = await getProfile(workerId);
      const held = await certificates(workerId);
      const matches = await seekerMatches(workerId);
      const interests = (await all({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': workerInterestKey(workerId, '').pk, ':prefix': 'INTEREST#' },
      })).map((item) => WorkerInterestSchema.parse(item));
      for (const interest of interests) {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: interestKey(interest.jobId, interest.intentionId),
            UpdateExpression: 'SET workerId = :null, contactSealed = :null, mobileMasked = :null, note = :null',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':null': null },
          }),
        ).catch((error: Error) => {
          if (error.name !== 'ConditionalCheckFailedException') throw error;
        });
      }
      await batchWrite(client, tableName, [
        ...(profile ? [profileKey(workerId), ...indexItems(profile).map(({ pk, sk }) => ({ pk, sk }))] : []).map((Key) => ({ DeleteRequest: { Key } })),
        ...matches.map((match) => ({ DeleteRequest: { Key: matchKey(match.jobId, match.workerId) } })),
        ...interests.map((interest) => ({ DeleteRequest: { Key: workerInterestKey(workerId, interest.jobId) } })),
        ...held.map((certificate) => ({ DeleteRequest: { Key: seekerCertificateKey(workerId, certificate.certificateNo) } })),
      ]);
    },
  };
}

export type SeekerRepository = ReturnType<typeof makeSeekerRepository>;
