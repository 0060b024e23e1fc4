import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { ConflictError } from '../../../shared/errors.js';
import { IdNumberSchema } from '../../../shared/identity/id-number.js';
import { MobileSchema, PersonNameSchema } from '../../../shared/identity/mobile.js';
import { nameSchema } from '../../../shared/text.js';
import { OccupationSchema } from '../../../shared/occupations.js';
import { RegionCodeSchema } from '../../../shared/validation.js';
import { byShard } from './rider.js';

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

/**
 * Bounds on what a chunk's receipt keeps, so that no chunk, however bad, makes an item larger
 * than DynamoDB's 400 KB (a 500): at most this many rejections per row and per chunk, each
 * path and message cut to a length. The receipt says how many rejections it left out.
 */
export const MAX_REJECTIONS_PER_ROW = 5;
export const MAX_REJECTIONS_PER_CHUNK = 500;
export const MAX_PATH_LENGTH = 100;
export const MAX_MESSAGE_LENGTH = 200;
/** A valid row is a flat object; anything nested deeper than this is rejected unread. */
export const MAX_ROW_DEPTH = 8;

/**
 * Accepted rows are sealed in parts of at most this many bytes of JSON: encrypted (base64url,
 * 4/3 of the size) a part stays under ~270 KB, well inside DynamoDB's 400 KB item limit, and a
 * 1 MiB request body makes at most a handful of parts.
 */
export const MAX_SEALED_PART_BYTES = 200_000;

export interface RowRejection {
  index: number;
  path: string;
  message: string;
}

/** What a chunk upload answered; a retry of the same chunk gets exactly this again. */
export interface ChunkReceipt {
  seq: number;
  accepted: number;
  rejected: RowRejection[];
  /** Rejections beyond the bounds above, counted but not listed; absent when none were cut. */
  omittedRejections?: number;
}

/** A chunk as stored: its receipt, what identifies its content, and how many sealed parts hold its rows. */
export interface Chunk extends ChunkReceipt {
  received: number;
  fingerprint: string;
  parts: number;
  /** What applying the chunk did, so a redelivered roster counts the same. */
  applied?: AppliedCounts;
}

export interface AppliedCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export class ChunkConflictError extends ConflictError {
  constructor(seq: number) {
    super(`Chunk ${seq} was already sent with other rows`);
  }
}

const cut = (text: string, max: number): string => {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
};

/** How deep a JSON value nests, counted without recursion and no further than `limit + 1`. */
export function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const level = depth + 1;
    deepest = Math.max(deepest, level);
    if (level > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, level]);
  }
  return deepest;
}

/** The row, or every problem it has, in order, before any bound. */
function checkRow(row: unknown): { row: RosterRow } | { problems: { path: string; message: string }[] } {
  if (depthOf(row, MAX_ROW_DEPTH) > MAX_ROW_DEPTH) return { problems: [{ path: 'row', message: `is nested more than ${MAX_ROW_DEPTH} levels deep` }] };
  const result = RosterRowSchema.safeParse(row);
  if (result.success) return { row: result.data };
  const problems = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: [...issue.path, key].map(String).join('.'), message: 'is not a known field' }))
      : [{ path: issue.path.map(String).join('.') || 'row', message: issue.message }],
  );
  return { problems };
}

export interface ValidatedRows {
  accepted: RosterRow[];
  rejected: RowRejection[];
  omittedRejections: number;
}

/**
 * Validates each row on its own: good rows are accepted, bad ones are reported with their index,
 * field and reason, and never stop the rest of the chunk. The report is bounded (see the limits
 * above); `omittedRejections` counts what it leaves out.
 */
export function validateRows(rows: unknown[]): ValidatedRows {
  const accepted: RosterRow[] = [];
  const rejected: RowRejection[] = [];
  let omittedRejections = 0;
  rows.forEach((row, index) => {
    const checked = checkRow(row);
    if ('row' in checked) {
      accepted.push(checked.row);
      return;
    }
    const { problems } = checked;
    const room = Math.max(0, Math.min(MAX_REJECTIONS_PER_ROW, MAX_REJECTIONS_PER_CHUNK - rejected.length));
    for (const problem of problems.slice(0, room)) {
      rejected.push({ index, path: cut(problem.path, MAX_PATH_LENGTH), message: cut(problem.message, MAX_MESSAGE_LENGTH) });
    }
    omittedRejections += problems.length - Math.min(room, problems.length);
  });
  return { accepted, rejected, omittedRejections };
}

/**
 * Identifies a chunk's content, so a retry can be told from a different upload under the same
 * seq. It hashes exactly the text `JSON.stringify(rows)` would give (so chunks stored before keep
 * their fingerprint) but walks the rows without recursion: a row nested a million levels deep is
 * a rejected row, not a stack overflow.
 */
export function rowsFingerprint(rows: unknown[]): string {
  const hash = createHash('sha256');
  type Task = { text: string } | { value: unknown };
  const stack: Task[] = [{ value: rows }];
  while (stack.length > 0) {
    const task = stack.pop()!;
    if ('text' in task) {
      hash.update(task.text);
      continue;
    }
    const { value } = task;
    if (value === null || typeof value !== 'object') {
      hash.update(JSON.stringify(value) ?? 'null');
      continue;
    }
    const inArray = Array.isArray(value);
    const entries = inArray ? value.map((item): [string | null, unknown] => [null, item]) : Object.entries(value).filter(([, v]) => v !== undefined);
    const tasks: Task[] = [{ text: inArray ? '[' : '{' }];
    entries.forEach(([key, item], i) => {
      if (i > 0) tasks.push({ text: ',' });
      if (key !== null) tasks.push({ text: `${JSON.stringify(key)}:` });
      tasks.push({ value: item });
    });
    tasks.push({ text: inArray ? ']' : '}' });
    for (let i = tasks.length - 1; i >= 0; i--) stack.push(tasks[i]!);
  }
  return hash.digest('base64url');
}

/**
 * Splits accepted rows into JSON arrays of at most `maxBytes` (UTF-8) each, in order, so each
 * can be sealed into an item of its own. No rows, no parts.
 */
export function partsOf(rows: RosterRow[], maxBytes = MAX_SEALED_PART_BYTES): string[] {
  const parts: string[] = [];
  let current: string[] = [];
  let size = 2;
  for (const row of rows) {
    const text = JSON.stringify(row);
    const bytes = Buffer.byteLength(text, 'utf8');
    const added = current.length === 0 ? bytes : bytes + 1;
    if (current.length > 0 && size + added > maxBytes) {
      parts.push(`[${current.join(',')}]`);
      current = [];
      size = 2;
    }
    size += current.length === 0 ? bytes : bytes + 1;
    current.push(text);
  }
  if (current.length > 0) parts.push(`[${current.join(',')}]`);
  return parts;
}

export interface ChunkPlan {
  chunk: Chunk;
  /** The accepted rows, one packed text per part (see `packPart`), to be sealed. */
  parts: string[];
}

/**
 * A part's JSON as it is sealed: gzipped, as base64 (the vault seals text). Rows repeat their
 * field names and shapes, so a part shrinks to about a third: a roster's upload writes, and its
 * apply reads, that much less.
 */
export const packPart = (json: string): string => gzipSync(json).toString('base64');

/** A part's JSON from its sealed text: packed, or the JSON itself for parts sealed before packing (base64 never starts with `[`). */
const unpackPart = (text: string): string => (text.startsWith('[') ? text : gunzipSync(Buffer.from(text, 'base64')).toString('utf8'));

/** What storing a chunk means: its receipt, its fingerprint, and its accepted rows in parts. */
export function planChunk(seq: number, rows: unknown[]): ChunkPlan {
  const { accepted, rejected, omittedRejections } = validateRows(rows);
  const parts = partsOf(accepted).map(packPart);
  return {
    chunk: {
      seq,
      accepted: accepted.length,
      rejected,
      ...(omittedRejections > 0 ? { omittedRejections } : {}),
      received: rows.length,
      fingerprint: rowsFingerprint(rows),
      parts: parts.length,
    },
    parts,
  };
}

/** The answer a chunk gives, now and to every retry. */
export const receiptOf = (chunk: ChunkReceipt): ChunkReceipt => ({
  seq: chunk.seq,
  accepted: chunk.accepted,
  rejected: chunk.rejected,
  ...(chunk.omittedRejections ? { omittedRejections: chunk.omittedRejections } : {}),
});

/** A chunk sent again: the same rows get the first answer, other rows a 409. */
export function repeatedChunk(stored: Chunk, fingerprint: string): ChunkReceipt {
  if (stored.fingerprint !== fingerprint) throw new ChunkConflictError(stored.seq);
  return receiptOf(stored);
}

/**
 * Sealed rows are personal data kept only as long as a roster may need them: they expire this
 * long after upload, beyond the day a roster may stay receiving and the hour it may take to
 * apply (see `UNFINISHED_AFTER_HOURS`, `STALLED_AFTER_MINUTES`), so no roster, applied, failed
 * or abandoned, leaves personal data behind. TTL deletes them: deleting them when applied would
 * cost as many write units as storing them (a delete is charged by the item's size), and a
 * daily snapshot's apply should cost reads. The receipt does not expire.
 */
export const SEALED_ROWS_TTL_DAYS = 2;

/** The epoch second (DynamoDB TTL's unit) when rows sealed at `now` expire. */
export const sealedRowsExpireAt = (now: Date): number => Math.floor(now.getTime() / 1000) + SEALED_ROWS_TTL_DAYS * 24 * 3600;

/** A sealed part as read back: its ciphertext and when it expires. */
export interface SealedPart {
  part: number;
  sealed: string;
  expiresAt: number;
}

/**
 * The parts to decrypt for a chunk, or why its rows can no longer be applied: a part missing
 * (TTL removed it) or past its expiry (TTL deletes late, so expiry is checked, not presence).
 */
export function usableParts(chunk: Chunk, parts: SealedPart[], now: Date): { parts: SealedPart[] } | { problem: string } {
  const live = parts.filter((part) => part.expiresAt * 1000 > now.getTime());
  const numbers = new Set(live.map((part) => part.part));
  const complete = numbers.size === chunk.parts && Array.from({ length: chunk.parts }, (_, i) => i + 1).every((n) => numbers.has(n));
  if (!complete) return { problem: `The rows of chunk ${chunk.seq} expired before the roster was applied; upload the roster again` };
  return { parts: [...live].sort((a, b) => a.part - b.part) };
}

/**
 * Sealed rows were validated at upload; reading them back checks their shape only, so a rule
 * tightened between upload and apply cannot strand a roster half applied.
 */
const SealedRowsSchema = z.array(
  z.strictObject({
    riderId: z.string(),
    name: z.string(),
    mobile: z.string(),
    idNumber: z.string(),
    regionCode: z.string(),
    occupation: OccupationSchema,
    station: z.string().optional(),
    status: z.enum(['active', 'departed']),
  }),
);

/** The rows of one decrypted part. */
export const rowsOfPart = (plaintext: string): RosterRow[] => SealedRowsSchema.parse(JSON.parse(unpackPart(plaintext)));

/** The rows of decrypted parts, in order; a chunk whose rows do not add up to what it accepted is refused. */
export function rowsOfParts(chunk: Chunk, plaintexts: string[]): RosterRow[] {
  const rows = plaintexts.flatMap(rowsOfPart);
  if (rows.length !== chunk.accepted) throw new Error(`Chunk ${chunk.seq} holds ${rows.length} sealed rows, not the ${chunk.accepted} it accepted`);
  return rows;
}

/**
 * A part of the rows one chunk of a snapshot listed in one shard, sealed: a snapshot is applied
 * shard by shard, each shard reading its riders in one pass instead of one by one, so its chunks
 * first sort their rows into shards. `of`: how many parts the chunk gave the shard.
 */
export interface ShardPart extends SealedPart {
  seq: number;
  shard: number;
  of: number;
}

/** A chunk's rows sorted into the shards of their riders, each shard's in parts of at most `maxBytes` of JSON, packed to be sealed. */
export function shardTextsOf(rows: RosterRow[], maxBytes = MAX_SEALED_PART_BYTES): { shard: number; texts: string[] }[] {
  return [...byShard(rows)].sort(([a], [b]) => a - b).map(([shard, listed]) => ({ shard, texts: partsOf(listed, maxBytes).map(packPart) }));
}

/**
 * The parts to decrypt for a shard, in chunk and part order, or why its rows can no longer be
 * applied: a part missing or past its expiry (as `usableParts` decides for a chunk). A shard's
 * parts expire with the chunk's (a day or more after the roster completed), so a chunk whose
 * parts all went is not looked for: its step found them live within the hour before.
 */
export function usableShardParts(parts: ShardPart[], now: Date): { parts: ShardPart[] } | { problem: string } {
  const ordered = [...parts].sort((a, b) => a.seq - b.seq || a.part - b.part);
  const bySeq = new Map<number, ShardPart[]>();
  for (const part of ordered) {
    const ofChunk = bySeq.get(part.seq);
    if (ofChunk) ofChunk.push(part);
    else bySeq.set(part.seq, [part]);
  }
  for (const [seq, ofChunk] of bySeq) {
    const live = ofChunk.filter((part) => part.expiresAt * 1000 > now.getTime());
    const complete = live.length === ofChunk[0]!.of && live.every((part, i) => part.part === i + 1);
    if (!complete) return { problem: `The rows of chunk ${seq} expired before the roster was applied; upload the roster again` };
  }
  return { parts: ordered };
}
