import { GenerateMacCommand, KMSClient, VerifyMacCommand, type GenerateMacCommandOutput, type VerifyMacCommandOutput } from '@aws-sdk/client-kms';
import { createHmac, hkdfSync } from 'node:crypto';
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import { timingSafeEqualText } from './compare.js';

/**
 * Join links (扫码入会) are signed where the org lives (the orgs service) and verified where
 * members join (the membership service). The token carries everything a join needs to know
 * about the org, so accepting it never waits for a copy of the org tree to catch up.
 */
export const JoinLinkClaimsSchema = z.object({
  /** The link's own id: what a revocation names. */
  linkId: z.string().min(1),
  orgId: z.string().min(1),
  /** The org's name, for the poster and the member's e-card. */
  orgName: z.string(),
  /** Ids from the root down to the org's parent: staff scope and stats roll-ups. */
  ancestors: z.array(z.string()),
  station: z.string().optional(),
  campaign: z.string().optional(),
  /** Epoch seconds. */
  expiresAt: z.number().int(),
});

export type JoinLinkClaims = z.infer<typeof JoinLinkClaimsSchema>;

/**
 * The key join links are signed with: a key of their own, apart from the blind-index key, so a
 * join-link signature can never be turned into (or tested against) a blind index.
 */
export interface JoinLinkKey {
  sign(payload: string): Promise<string>;
  /** Whether `signature` is this key's signature of `payload`. */
  verify(payload: string, signature: string): Promise<boolean>;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const MESSAGE_PREFIX = 'join-link\u0000';

/**
 * The local key: HMAC-SHA-256 under a key HKDF derives from `LOCAL_KEYRING` with a label of its
 * own, so it is unrelated to the vault's MAC key derived from the same secret.
 */
export function makeLocalJoinLinkKey(keyring: string): JoinLinkKey {
  const secret = Buffer.from(keyring, 'base64url');
  if (secret.length < 32) throw new Error('LOCAL_KEYRING must be base64url of at least 32 random bytes');
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'union-services/join-link-key', 32));
  const mac = (payload: string) => b64(createHmac('sha256', key).update(MESSAGE_PREFIX + payload, 'utf8').digest());
  return {
    sign: async (payload) => mac(payload),
    verify: async (payload, signature) => timingSafeEqualText(mac(payload), signature),
  };
}

/** What the KMS key needs of a client: a `KMSClient`, or a fake in unit tests. */
export interface JoinLinkKmsSender {
  send(command: GenerateMacCommand | VerifyMacCommand): Promise<unknown>;
}

/** The deployed key: a KMS HMAC_256 key (`JOIN_LINK_KMS_KEY_ID`); KMS itself compares on verify. */
export function makeKmsJoinLinkKey(client: JoinLinkKmsSender, keyId: string): JoinLinkKey {
  const message = (payload: string) => Buffer.from(MESSAGE_PREFIX + payload, 'utf8');
  return {
    async sign(payload) {
      const { Mac } = (await client.send(new GenerateMacCommand({ KeyId: keyId, MacAlgorithm: 'HMAC_SHA_256', Message: message(payload) }))) as GenerateMacCommandOutput;
      if (!Mac?.length) throw new Error('KMS GenerateMac returned no MAC');
      return b64(Mac);
    },
    async verify(payload, signature) {
      const bytes = Buffer.from(signature, 'base64url');
      if (bytes.length === 0 || b64(bytes) !== signature) return false;
      try {
        const { MacValid } = (await client.send(
          new VerifyMacCommand({ KeyId: keyId, MacAlgorithm: 'HMAC_SHA_256', Message: message(payload), Mac: bytes }),
        )) as VerifyMacCommandOutput;
        return MacValid === true;
      } catch (error) {
        // KMS answers a wrong MAC with KMSInvalidMacException rather than MacValid: false.
        if ((error as Error).name === 'KMSInvalidMacException') return false;
        throw error;
      }
    },
  };
}

let kmsClient: KMSClient | undefined;
const keys = new Map<string, JoinLinkKey>();

/**
 * The join-link key this environment configures: KMS when `JOIN_LINK_KMS_KEY_ID` is set (the
 * deployed stack), else the local keyring (`LOCAL_KEYRING`, the local runtime).
 */
export function joinLinkKey(env: NodeJS.ProcessEnv = process.env): JoinLinkKey {
  const { JOIN_LINK_KMS_KEY_ID: keyId, LOCAL_KEYRING: keyring } = env;
  const id = keyId ? `kms\u0000${keyId}` : keyring ? `local\u0000${keyring}` : undefined;
  if (!id) throw new Error('No join-link key configured: set JOIN_LINK_KMS_KEY_ID (KMS, deployed) or LOCAL_KEYRING (local runtime)');
  let key = keys.get(id);
  if (!key) {
    key = keyId ? makeKmsJoinLinkKey((kmsClient ??= new KMSClient({})), keyId) : makeLocalJoinLinkKey(keyring!);
    keys.set(id, key);
  }
  return key;
}

/**
 * Signs the claims: `<base64url JSON>.<signature>`.
 *
 * @example
 * const token = await signJoinLink({ linkId, orgId, orgName, ancestors, expiresAt }, joinLinkKey());
 */
export async function signJoinLink(claims: JoinLinkClaims, key: Pick<JoinLinkKey, 'sign'>): Promise<string> {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${await key.sign(payload)}`;
}

/**
 * The claims of a join link signed with `key`. An altered, foreign or malformed token, and
 * (unless `allowExpired`) an expired one, is refused as a bad `field` with the same answer for
 * each, so a forger learns nothing.
 */
export async function verifyJoinLink(
  token: string,
  key: Pick<JoinLinkKey, 'verify'>,
  now: Date,
  options: { field?: string; allowExpired?: boolean } = {},
): Promise<JoinLinkClaims> {
  const refused = joinLinkRefused(options.field);
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) throw refused;
  if (!(await key.verify(payload, signature))) throw refused;
  let claims: JoinLinkClaims;
  try {
    claims = JoinLinkClaimsSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    throw refused;
  }
  if (!options.allowExpired && claims.expiresAt * 1000 <= now.getTime()) throw refused;
  return claims;
}

/** The one answer to a join link that cannot be used: altered, expired, foreign or revoked. */
export const joinLinkRefused = (field = 'body.joinToken') => InvalidInputError.field(field, 'is not a valid join link, or it has expired or been revoked');

/** How a member joined, for the stats: `org`, `station:<id>` or `campaign:<id>`. */
export function joinSourceOf(claims: Pick<JoinLinkClaims, 'station' | 'campaign'>): string {
  if (claims.station) return `station:${claims.station}`;
  if (claims.campaign) return `campaign:${claims.campaign}`;
  return 'org';
}
