import { GenerateMacCommand, KMSClient, type GenerateMacCommandOutput } from '@aws-sdk/client-kms';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { InvalidInputError } from './errors.js';

/**
 * Pagination cursors that clients can hold but not read, forge or move between lists.
 *
 * A cursor is DynamoDB's LastEvaluatedKey (or any small record of strings and numbers: a list
 * that pages in memory keeps an offset) sealed with AES-256-GCM under the cursor key, with the
 * list's scope as additional data. The scope names the list and every value its query depends
 * on (the partition, any filter), so a cursor from one list, one org, or one filter does not
 * open under another, and one that was altered does not open at all: both are 400 naming
 * `query.cursor`, never a start key DynamoDB refuses with a 500. Encrypting rather than only
 * signing also keeps index keys (names, statuses, ids) out of URLs and access logs.
 *
 * The cursor key is dedicated to cursors (never a PII key): in AWS it is derived once per
 * container from the stack's `CursorKey` (a KMS HMAC key, `CURSOR_KMS_KEY_ID`), so every
 * container derives the same key with one KMS call at its first list; locally it is derived
 * by HKDF from the local keyring under a label of its own.
 */

/** What a cursor is bound to: the list's name and every value its query depends on. */
export type CursorScope = { list: string } & Record<string, string>;

/** A start key: what DynamoDB's LastEvaluatedKey holds for our tables, or an offset. */
export type CursorKey = Record<string, string | number>;

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** Far above any key our indexes produce (a few hundred characters); refused before decoding. */
const MAX_CURSOR_LENGTH = 2048;
/** The message the KMS key MACs to give the cursor key; a new label is a new key. */
const KEY_LABEL = 'union-services/cursor-key/v1';

/** The scope as additional data: entries sorted by name (code units), so order never matters. */
const scopeData = (scope: CursorScope): Buffer =>
  Buffer.from(JSON.stringify(Object.entries(scope).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));

const notACursor = () => InvalidInputError.field('query.cursor', 'is not a cursor this list returned');

const isCursorKey = (value: unknown): value is CursorKey =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).length > 0 &&
  Object.values(value).every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)));

/**
 * Seals a start key into a cursor for `scope`; `undefined` (the last page) is `null`.
 *
 * @example
 * nextCursor: sealCursor(key, result.LastEvaluatedKey, { list: 'orgs.children', parentId })
 */
export function sealCursor(key: Uint8Array, start: Record<string, unknown> | undefined, scope: CursorScope): string | null {
  if (start === undefined) return null;
  if (!isCursorKey(start)) throw new Error('A cursor holds a flat record of strings and numbers');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES }).setAAD(scopeData(scope));
  const body = Buffer.concat([cipher.update(JSON.stringify(start), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]).toString('base64url');
}

/**
 * The start key a cursor of `scope` holds; `undefined` for no cursor (the first page). Throws
 * `InvalidInputError` at `query.cursor` for anything else: not canonical base64url, too short
 * or long, another version, sealed under another key or scope, altered, or not a flat record.
 */
export function openCursor(key: Uint8Array, cursor: string | undefined, scope: CursorScope): CursorKey | undefined {
  if (cursor === undefined) return undefined;
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw notACursor();
  const bytes = Buffer.from(cursor, 'base64url');
  // Only the canonical encoding: no two texts are one cursor.
  if (bytes.toString('base64url') !== cursor || bytes.length <= 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) throw notACursor();
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const tag = bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES }).setAAD(scopeData(scope));
  decipher.setAuthTag(tag);
  let start: unknown;
  try {
    const plain = Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
    start = JSON.parse(plain.toString('utf8'));
  } catch {
    throw notACursor();
  }
  if (!isCursorKey(start)) throw notACursor();
  return start;
}

/** The `kms:GenerateMac` a KMS-derived cursor key needs: a `KMSClient`, or a fake in unit tests. */
export interface CursorKms {
  send(command: GenerateMacCommand): Promise<unknown>;
}

/**
 * The cursor key from KMS: the HMAC key `keyId` MACs a fixed label, and HKDF turns the MAC
 * into the AES key. Deterministic, so every container derives the same key.
 */
export async function deriveKmsCursorKey(kms: CursorKms, keyId: string): Promise<Buffer> {
  const { Mac } = (await kms.send(
    new GenerateMacCommand({ KeyId: keyId, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(KEY_LABEL, 'utf8') }),
  )) as GenerateMacCommandOutput;
  if (!Mac || Mac.length < KEY_BYTES) throw new Error('KMS GenerateMac returned no 256-bit MAC for the cursor key');
  return Buffer.from(hkdfSync('sha256', Mac, Buffer.alloc(0), KEY_LABEL, KEY_BYTES));
}

/** The local cursor key: HKDF of the local keyring under the cursor label (unrelated to the PII keys). */
export function deriveLocalCursorKey(keyring: string): Buffer {
  const secret = /^[A-Za-z0-9_-]+$/.test(keyring) ? Buffer.from(keyring, 'base64url') : Buffer.alloc(0);
  if (secret.length < KEY_BYTES) throw new Error('LOCAL_KEYRING must be base64url of at least 32 random bytes');
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), KEY_LABEL, KEY_BYTES));
}

let kmsClient: KMSClient | undefined;
const keys = new Map<string, Promise<Buffer>>();

/**
 * The cursor key this environment configures, derived once per container and configuration:
 * from `CURSOR_KMS_KEY_ID` (deployed; one KMS call, retried on the next request if it failed),
 * else from `LOCAL_KEYRING` (local runtime). Throws naming the variables when neither is set.
 */
export function cursorKey(env: NodeJS.ProcessEnv = process.env, kms?: CursorKms): Promise<Buffer> {
  const { CURSOR_KMS_KEY_ID: keyId, LOCAL_KEYRING: keyring } = env;
  const id = keyId ? `kms\u0000${keyId}` : keyring ? `local\u0000${keyring}` : undefined;
  if (!id) return Promise.reject(new Error('No cursor key configured: set CURSOR_KMS_KEY_ID (deployed) or LOCAL_KEYRING (local runtime)'));
  let key = keys.get(id);
  if (!key) {
    key = keyId ? deriveKmsCursorKey(kms ?? (kmsClient ??= new KMSClient({})), keyId) : Promise.resolve().then(() => deriveLocalCursorKey(keyring!));
    // A failed derivation (KMS throttled, say) is not kept: the next request tries again.
    key.catch(() => keys.delete(id));
    keys.set(id, key);
  }
  return key;
}

/**
 * The cursor of the page after this one, for `scope`; `null` on the last page.
 *
 * @example
 * return { items, nextCursor: await encodeCursor(result.LastEvaluatedKey, { list: 'orgs.children', parentId }) };
 */
export async function encodeCursor(start: Record<string, unknown> | undefined, scope: CursorScope): Promise<string | null> {
  return start === undefined ? null : sealCursor(await cursorKey(), start, scope);
}

/**
 * The start key of the cursor a client sent, for the list of `scope`; `undefined` without one.
 * A cursor this list did not return is 400 at `query.cursor`.
 *
 * @example
 * ExclusiveStartKey: await decodeCursor(query.cursor, { list: 'orgs.children', parentId })
 */
export async function decodeCursor(cursor: string | undefined, scope: CursorScope): Promise<CursorKey | undefined> {
  return cursor === undefined ? undefined : openCursor(await cursorKey(), cursor, scope);
}
