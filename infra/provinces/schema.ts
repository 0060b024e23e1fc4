import { RegionInfo } from 'aws-cdk-lib/region-info';
import { z } from 'zod';
import { RosterLimitsSchema } from '../../functions/rosters/domain/limits.js';

/**
 * Province-level divisions of GB/T 2260: provinces, autonomous regions, municipalities and the
 * special administrative regions. A stack serves exactly one of them.
 */
export const PROVINCE_LEVEL_CODES = [
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
] as const;

// CDK's own fact table, so a typo such as `cn-north1` fails here and not at deploy time.
const AWS_REGIONS: readonly string[] = RegionInfo.regions.map((region) => region.name);

/** One usage-plan tier: what one account may send (API Gateway usage plan locally and deployed). */
export const UsageTierSchema = z.strictObject({
  /** Steady requests per second one account may send. */
  ratePerSecond: z.number().positive().max(10_000),
  /** Requests one account may send at once above the steady rate. */
  burst: z.number().int().min(1).max(5_000),
  /** Requests one account may send per day (UTC), whatever its rate. */
  dailyQuota: z.number().int().min(1),
});
export type UsageTier = z.infer<typeof UsageTierSchema>;

/** Usage tiers by name; every account has one, `standard` unless the province admin chose another. */
export const UsageTiersSchema = z
  .record(z.string().regex(/^[a-z][a-z0-9-]{0,29}$/, 'must be a lower-case tier name, e.g. standard'), UsageTierSchema)
  .refine((tiers) => Object.hasOwn(tiers, 'standard'), { error: 'must contain the standard tier, which accounts get by default' });
export type UsageTiers = z.infer<typeof UsageTiersSchema>;

const https = () => z.url({ protocol: /^https$/, error: 'must be an https:// URL' });

/** One province's deployment: the only thing that differs between provincial stacks. */
export const ProvinceConfigSchema = z.strictObject({
  /** Context key and stack suffix: `npx cdk deploy -c province=<key>` deploys `UnionServices-<key>`. */
  key: z.string().regex(/^[a-z]+$/, 'must be the lower-case pinyin name, e.g. fujian'),
  /** Official name, e.g. 福建省. */
  name: z.string().regex(/^\p{Script=Han}+(省|市|自治区|特别行政区)$/u, 'must be the official Chinese name, e.g. 福建省'),
  /** Two-digit GB/T 2260 code of the province, e.g. `35`; functions see it as `PROVINCE_CODE`. */
  code: z.enum(PROVINCE_LEVEL_CODES, { error: 'must be a province-level GB/T 2260 code, e.g. 35' }),
  /** AWS region the stack deploys to, e.g. `cn-north-1` (Beijing) or `cn-northwest-1` (Ningxia). */
  awsRegion: z.string().refine((region) => AWS_REGIONS.includes(region), { error: 'must be an AWS region id, e.g. cn-north-1' }),
  /** The province's identity provider, whose JWTs the authorizer accepts. */
  jwt: z.strictObject({
    issuer: https(),
    audience: z.string().min(1),
    /** Defaults (in the authorizer) to `<issuer>/.well-known/jwks.json`. */
    jwksUrl: https().optional(),
  }),
  /** The page a scanned join link opens (`JOIN_LINK_BASE_URL`). */
  joinLinkBaseUrl: https(),
  /**
   * Platform names a worker may type at join (`PROVINCE_PLATFORMS`); any other name is counted
   * as `other`, so free text never becomes a stats key.
   */
  platforms: z.array(z.string().trim().min(1).max(40)).min(1),
  /**
   * AWS End User Messaging SMS: the origination identity (the ARN of a pool, phone number or
   * sender id registered for the province) verification codes are sent from.
   */
  sms: z.strictObject({ originationIdentityArn: z.string().regex(/^arn:aws(-cn)?:sms-voice:[a-z0-9-]+:\d{12}:(pool|phone-number|sender-id)\/.+$/, 'must be the ARN of an End User Messaging SMS pool, phone number or sender id') }),
  /** Who hears about messages in a dead-letter queue and 5xx answers; none subscribes nobody yet. */
  alarmEmail: z.email().optional(),
  /**
   * What one partner may put on the province at once (docs/rosters.md); each limit left out
   * keeps its default. Functions read it as `ROSTER_LIMITS`.
   */
  rosterLimits: RosterLimitsSchema.partial().optional(),
  /**
   * Seconds the authorizer remembers who holds an API key (`AUTHORIZER_CACHE_SECONDS`): a
   * revoked or rotated-out key may keep working that long. 0 looks every key up every time.
   */
  authorizerCacheSeconds: z.number().int().min(0).max(300),
  /**
   * Per-account throttling of the routes only accounts call (usage plans bound to the stage, whose
   * own throttling stays the outer bound): one partner's runaway script gets 429, the others do not.
   */
  apiUsageTiers: UsageTiersSchema,
  /** Keep tables, keys and access logs when the stack is deleted (production) or not (a trial province). */
  retainData: z.boolean(),
});

/** A province's deployment config, as `ProvinceConfigSchema` accepts it. */
export type ProvinceConfig = z.infer<typeof ProvinceConfigSchema>;
