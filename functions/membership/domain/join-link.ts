import { z } from 'zod';
import { timingSafeEqualText } from '../../../shared/crypto/compare.js';
import { InvalidInputError } from '../../../shared/errors.js';

/** What a join link (扫码入会) names: the org, optionally a station or campaign, and its expiry. */
export const JoinLinkClaimsSchema = z.object({
  orgId: z.string(),
  station: z.string().optional(),
  campaign: z.string().optional(),
  /** Epoch seconds. */
  expiresAt: z.number().int(),
});

export type JoinLinkClaims = z.infer<typeof JoinLinkClaimsSchema>;

/** The answer to `POST /v1/orgs/{orgId}/join-links`. */
export const JoinLinkSchema = z.strictObject({ token: z.string(), url: z.string(), expiresAt: z.string() }).meta({ id: 'JoinLink' });

/** A keyed MAC over a text: the service's key, so only it can sign and check links. */
export type Mac = (value: string) => Promise<string>;

/** Signs the claims: `<base64url JSON>.<mac>`. */
export async function signJoinLink(claims: JoinLinkClaims, mac: Mac): Promise<string> {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${await mac(payload)}`;
}

/**
 * The claims of a join link this service signed and that has not expired. An altered,
 * expired or foreign token is refused as a bad `joinToken` (the same answer for each, so a
 * forger learns nothing).
 */
export async function verifyJoinLink(token: string, mac: Mac, now: Date, field = 'body.joinToken'): Promise<JoinLinkClaims> {
  const refused = InvalidInputError.field(field, 'is not a valid join link, or it has expired');
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) throw refused;
  const expected = await mac(payload);
  if (!timingSafeEqualText(expected, signature)) throw refused;
  let claims: JoinLinkClaims;
  try {
    claims = JoinLinkClaimsSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    throw refused;
  }
  if (claims.expiresAt * 1000 <= now.getTime()) throw refused;
  return claims;
}

/** How a member joined, for the stats: `org`, `station:<id>` or `campaign:<id>`. */
export function joinSourceOf(claims: JoinLinkClaims): string {
  if (claims.station) return `station:${claims.station}`;
  if (claims.campaign) return `campaign:${claims.campaign}`;
  return 'org';
}
