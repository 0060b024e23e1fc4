import { createHash } from 'node:crypto';
import { z } from 'zod';
import { envelope, type Envelope } from '../../../events/envelope.js';
import { RosterCompletedV1, type RosterCompletedV1Data } from '../../../events/roster-completed.v1.js';
import { ConflictError, NotFoundError } from '../../../shared/errors.js';
import { IdNumberSchema } from '../../../shared/identity/id-number.js';
import { MobileSchema, PersonNameSchema } from '../../../shared/identity/mobile.js';
import { nameSchema } from '../../../shared/text.js';
import { OccupationSchema } from '../../../shared/occupations.js';
import { RegionCodeSchema } from '../../../shared/validation.js';

/** One rider as a partner platform reports it (骑手名册). */
export const RosterRowSchema = z.strictObject({
  riderId: z.string().trim().min(1).max(64),
  name: PersonNameSchema,
  mobile: MobileSchema,
  idNumber: IdNumberSchema,
  regionCode: RegionCodeSchema,
  occupation: OccupationSchema,
  station: nameSchema({ min: 1, max: 64 }).optional(),
  status: z.enum(['active', 'departed']),
});

export type RosterRow = z.infer<typeof RosterRowSchema>;

export const MAX_ROWS_PER_CHUNK = 1000;

export interface RowRejection {
  index: number;
  path: string;
  message: string;
}

export type RosterStatus = 'receiving' | 'processing' | 'completed' | 'failed';

export interface RowCounts {
  received: number;
  accepted: number;
  rejected: number;
  created: number;
  updated: number;
  unchanged: number;
  departed: number;
}

export interface Roster {
  id: string;
  partnerId: string;
  mode: 'snapshot' | 'delta';
  asOf: string;
  status: RosterStatus;
  chunks: number | null;
  rows: RowCounts;
  createdAt: string;
  completedAt: string | null;
  /** Why a `failed` roster failed. */
  failureReason?: string;
}

/** What a chunk upload answered; a retry of the same chunk gets exactly this again. */
export interface ChunkReceipt {
  seq: number;
  accepted: number;
  rejected: RowRejection[];
}

export class RosterNotFoundError extends NotFoundError {
  constructor(rosterId: string) {
    super(`No roster ${rosterId} of yours`);
  }
}

export class RosterStateError extends ConflictError {
  constructor(rosterId: string, status: RosterStatus) {
    super(`Roster ${rosterId} is ${status} and takes no more chunks`);
  }
}

export const emptyCounts = (): RowCounts => ({ received: 0, accepted: 0, rejected: 0, created: 0, updated: 0, unchanged: 0, departed: 0 });

/** A partner sees and touches only its own rosters. */
export function ownRoster(partnerId: string, roster: Roster | undefined, rosterId: string): Roster {
  if (!roster || roster.partnerId !== partnerId) throw new RosterNotFoundError(rosterId);
  return roster;
}

/**
 * Validates each row on its own: good rows are accepted, bad ones are reported with their index,
 * field and reason, and never stop the rest of the chunk.
 */
export function validateRows(rows: unknown[]): { accepted: RosterRow[]; rejected: RowRejection[] } {
  const accepted: RosterRow[] = [];
  const rejected: RowRejection[] = [];
  rows.forEach((row, index) => {
    const result = RosterRowSchema.safeParse(row);
    if (result.success) {
      accepted.push(result.data);
      return;
    }
    for (const issue of result.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
      for (const path of keys) rejected.push({ index, path: path.map(String).join('.') || 'row', message: issue.code === 'unrecognized_keys' ? 'is not a known field' : issue.message });
    }
  });
  return { accepted, rejected };
}

/** Identifies a chunk's content, so a retry can be told from a different upload under the same seq. */
export const rowsFingerprint = (rows: unknown[]): string => createHash('sha256').update(JSON.stringify(rows)).digest('base64url');

/**
 * Completing needs every chunk from 1 to `chunks` and none beyond: the answer names what is missing.
 */
export function checkComplete(roster: Roster, chunks: number, received: number[]): void {
  const have = new Set(received);
  const missing = Array.from({ length: chunks }, (_, i) => i + 1).filter((seq) => !have.has(seq));
  const extra = received.filter((seq) => seq > chunks);
  if (missing.length > 0) throw new ConflictError(`Chunks missing: ${missing.join(', ')}`);
  if (extra.length > 0) throw new ConflictError(`Chunks beyond ${chunks} were sent: ${extra.join(', ')}`);
  if (roster.status !== 'receiving') throw new RosterStateError(roster.id, roster.status);
}

export function completion(roster: Roster, chunks: number, province: string, now: Date): { roster: Roster; event: Envelope<RosterCompletedV1Data> } {
  return {
    roster: { ...roster, status: 'processing', chunks },
    event: envelope(RosterCompletedV1, { rosterId: roster.id, partnerId: roster.partnerId, mode: roster.mode, chunks }, { province, now }),
  };
}

const RowRejectionSchema = z.strictObject({ index: z.number().int(), path: z.string(), message: z.string() });

export const ChunkReceiptSchema = z
  .strictObject({ seq: z.number().int(), accepted: z.number().int(), rejected: z.array(RowRejectionSchema) })
  .meta({ id: 'ChunkReceipt' });

export const RosterStateSchema = z.strictObject({ id: z.string(), status: z.enum(['receiving', 'processing', 'completed', 'failed']) }).meta({ id: 'RosterState' });

export const RosterViewSchema = z
  .strictObject({
    id: z.string(),
    mode: z.enum(['snapshot', 'delta']),
    asOf: z.string(),
    status: z.enum(['receiving', 'processing', 'completed', 'failed']),
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
    completedAt: z.string().nullable(),
    failureReason: z.string().optional(),
  })
  .meta({ id: 'Roster' });

export const RejectionSchema = RowRejectionSchema.extend({ seq: z.number().int() }).meta({ id: 'RowRejection' });

/** The `GET /v1/rosters/{id}` answer. */
export const rosterView = (roster: Roster): z.infer<typeof RosterViewSchema> => ({
  id: roster.id,
  mode: roster.mode,
  asOf: roster.asOf,
  status: roster.status,
  chunks: roster.chunks,
  rows: { ...emptyCounts(), ...roster.rows },
  completedAt: roster.completedAt,
  ...(roster.failureReason ? { failureReason: roster.failureReason } : {}),
});

/**
 * How long applying a roster may take before the watchdog calls it failed: the processor's
 * three attempts of at most 150 s each, with their visibility timeouts, fit well inside.
 */
export const STALLED_AFTER_MINUTES = 60;

export const stalledBefore = (now: Date): string => new Date(now.getTime() - STALLED_AFTER_MINUTES * 60_000).toISOString();
