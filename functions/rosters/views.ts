import { z } from 'zod';
import type { ChunkReceipt } from './domain/chunk.js';
import { visibleMembership, type Rider } from './domain/rider.js';
import { emptyCounts, type Roster } from './domain/roster.js';

const RosterStatusSchema = z.enum(['receiving', 'processing', 'completed', 'failed', 'abandoned']);

const RowRejectionSchema = z.strictObject({ index: z.number().int(), path: z.string(), message: z.string() });

export const ChunkReceiptSchema = z
  .strictObject({
    seq: z.number().int(),
    accepted: z.number().int(),
    rejected: z.array(RowRejectionSchema),
    omittedRejections: z.number().int().positive().optional().meta({
      description: 'How many rejections of this chunk are counted but not listed (a row lists at most 5, a chunk at most 500); absent when none were left out',
    }),
  })
  .meta({ id: 'ChunkReceipt' });

export const chunkReceiptView = (receipt: ChunkReceipt): z.infer<typeof ChunkReceiptSchema> => receipt;

export const RosterStateSchema = z.strictObject({ id: z.string(), status: RosterStatusSchema }).meta({ id: 'RosterState' });

export const rosterState = (roster: Roster): z.infer<typeof RosterStateSchema> => ({ id: roster.id, status: roster.status });

export const RosterViewSchema = z
  .strictObject({
    id: z.string(),
    mode: z.enum(['snapshot', 'delta']),
    asOf: z.string(),
    status: RosterStatusSchema,
    chunks: z.number().int().nullable(),
    rows: z.strictObject({
      received: z.number().int(),
      accepted: z.number().int(),
      rejected: z.number().int(),
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      departed: z.number().int(),
    }),
    progress: z.strictObject({ chunksApplied: z.number().int() }).meta({ description: 'While processing: how many of the chunks are applied (a snapshot then applies its rows and departures shard by shard)' }),
    capacity: z
      .strictObject({ readUnits: z.number(), writeUnits: z.number() })
      .meta({ description: 'DynamoDB capacity units applying the roster consumed, as DynamoDB reported them: unchanged riders cost reads, not writes' }),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
    failureReason: z.string().optional(),
  })
  .meta({ id: 'Roster' });

/** The `GET /v1/rosters/{id}` answer. */
export const rosterView = (roster: Roster): z.infer<typeof RosterViewSchema> => ({
  id: roster.id,
  mode: roster.mode,
  asOf: roster.asOf,
  status: roster.status,
  chunks: roster.chunks,
  rows: { ...emptyCounts(), ...roster.rows },
  progress: { chunksApplied: roster.progress.chunksApplied },
  capacity: roster.capacity,
  createdAt: roster.createdAt,
  completedAt: roster.completedAt,
  ...(roster.failureReason ? { failureReason: roster.failureReason } : {}),
});

export const RejectionSchema = RowRejectionSchema.extend({ seq: z.number().int() }).meta({ id: 'RowRejection' });

export const RiderViewSchema = z
  .strictObject({
    riderId: z.string(),
    status: z.enum(['active', 'departed']),
    regionCode: z.string(),
    station: z.string().nullable(),
    isMember: z.boolean().nullable().meta({ description: 'Whether the rider is an active union member: true or false only when the member agreed to share it with platforms, otherwise null' }),
  })
  .meta({ id: 'Rider' });

/** What a partner sees of its own rider: never the person's data, only where, and whether a member when the member shares it. */
export const riderView = (rider: Rider): z.infer<typeof RiderViewSchema> => ({
  riderId: rider.riderId,
  status: rider.status,
  regionCode: rider.regionCode,
  station: rider.station,
  isMember: visibleMembership(rider),
});
