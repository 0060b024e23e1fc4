import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { z } from 'zod';
import { tables } from '../../functions/services.js';
import { RosterLimitsSchema } from '../../functions/rosters/domain/limits.js';
import { DEPLOYMENT_CONFIGS } from '../constructs/releases.js';
import { isChinaRegion, services } from '../regions.js';

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

const RETENTION_DAYS = Object.values(RetentionDays).filter((days): days is RetentionDays => typeof days === 'number' && days > 0);
const TABLE_NAMES = Object.keys(tables) as [keyof typeof tables, ...(keyof typeof tables)[]];

/** How a province sends SMS: End User Messaging SMS where the region has it, else the province's own gateway. */
const SmsSchema = z.discriminatedUnion('provider', [
  z.strictObject({
    provider: z.literal('end-user-messaging'),
    /** The ARN of a pool, phone number or sender id registered for the province, verification codes are sent from. */
    originationIdentityArn: z.string().regex(/^arn:aws(-cn)?:sms-voice:[a-z0-9-]+:\d{12}:(pool|phone-number|sender-id)\/.+$/, 'must be the ARN of an End User Messaging SMS pool, phone number or sender id'),
  }),
  z.strictObject({
    provider: z.literal('https-gateway'),
    /** The province's SMS gateway (a carrier's or a domestic cloud's SMS service behind the province's own endpoint), `SMS_GATEWAY_URL`. */
    url: https(),
  }),
], { error: 'must name its provider: end-user-messaging or https-gateway' });

/**
 * How the web pages (/join, /me, /console, /docs) reach a deployed province's users: CloudFront in
 * front of a private bucket and the API, on one origin (ADR 0030); the API itself, through a
 * function that holds the build (ADR 0032); or not by this stack.
 */
const WebSchema = z.discriminatedUnion('hosting', [
  z.strictObject({
    hosting: z.literal('cloudfront'),
    /** The province's own name for the site; without it the distribution's *.cloudfront.net name. */
    domain: z.strictObject({
      name: z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case domain name, e.g. union.example.org'),
      /** An ACM certificate for that name: CloudFront takes only certificates in us-east-1. */
      certificateArn: z.string().regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/, 'must be the ARN of an ACM certificate in us-east-1, where CloudFront reads certificates'),
    }).optional(),
    /** A WAF web ACL of CLOUDFRONT scope (made in us-east-1, so not by this stack) on the distribution. */
    webAclArn: z.string().regex(/^arn:aws:wafv2:us-east-1:\d{12}:global\/webacl\/.+$/, 'must be the ARN of a CLOUDFRONT-scope WAF web ACL (us-east-1, global/webacl/...)').optional(),
  }),
  z.strictObject({ hosting: z.literal('api') }),
  z.strictObject({ hosting: z.literal('none') }),
], { error: 'must name its hosting: cloudfront, api or none' });

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
  /**
   * The province's identity provider (OIDC), whose JWTs the authorizer accepts and where the web
   * pages sign workers and staff in (authorization code + PKCE; DEPLOY.md says what to register).
   */
  jwt: z.strictObject({
    issuer: https(),
    /** The API's audience: the `aud` of the access tokens the authorizer accepts. */
    audience: z.string().min(1),
    /** Defaults (in the authorizer) to `<issuer>/.well-known/jwks.json`. */
    jwksUrl: https().optional(),
    /** The web pages' client id at the provider: a public client (no secret), PKCE S256; compiled into the pages. */
    webClientId: z.string().regex(/^[\x21-\x7e]{1,255}$/, 'must be the client id the identity provider registered for the web pages (printable ASCII, no spaces)'),
  }),
  /** The page a scanned join link opens (`JOIN_LINK_BASE_URL`). */
  joinLinkBaseUrl: https(),
  /**
   * Platform names a worker may type at join (`PROVINCE_PLATFORMS`); any other name is counted
   * as `other`, so free text never becomes a stats key.
   */
  platforms: z.array(z.string().trim().min(1).max(40)).min(1),
  /**
   * How verification codes are sent: AWS End User Messaging SMS from the province's origination
   * identity, or, in the China regions, which lack it, the province's HTTPS SMS gateway.
   */
  sms: SmsSchema,
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
  /** Keep tables, keys, queues, backups and logs when a stack is deleted (production) or not (a trial province); production also locks the backup vault. */
  retainData: z.boolean(),
  /** How each release reaches the functions' `live` aliases (a CodeDeploy configuration); rolls back on errors or p95 latency. */
  releases: z.strictObject({ deploymentConfig: z.enum(DEPLOYMENT_CONFIGS) }),
  /**
   * The WAF web ACL on the API: requests one IP may send in any 5 minutes before it is blocked
   * (WAF counts at least 10). `false` where the region has no WAF.
   */
  waf: z.union([z.literal(false), z.strictObject({ rateLimitPerIp: z.number().int().min(10).max(2_000_000_000) })]),
  /** Where the web pages are served from in the deployed province (ADR 0030, 0032). */
  web: WebSchema,
  /** Function log groups: days kept, and the KMS key that encrypts them (else the data stack's own logs key). */
  logs: z.strictObject({
    retentionDays: z.union(RETENTION_DAYS.map((days) => z.literal(days)) as unknown as [z.ZodLiteral<RetentionDays>, z.ZodLiteral<RetentionDays>], {
      error: `must be a retention CloudWatch Logs offers: ${RETENTION_DAYS.join(', ')}`,
    }),
    keyArn: z.string().regex(/^arn:aws(-cn)?:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]+$/, 'must be the ARN of a KMS key in the province\'s region').optional(),
  }),
  /**
   * Tables restored to a new name (`npm run ops -- restore-table`) that the stack uses instead of
   * the one it created, by topology name; an outbox table needs its stream's ARN. DEPLOY.md, "Restore".
   */
  tableOverrides: z.partialRecord(z.enum(TABLE_NAMES), z.strictObject({ tableName: z.string().regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'must be a DynamoDB table name'), streamArn: z.string().startsWith('arn:').optional() })).optional(),
}).superRefine((province, context) => {
  // A WAF asked for guards every way in: the distribution needs a web ACL of its own scope.
  if (province.web.hosting === 'cloudfront' && province.waf && !province.web.webAclArn) {
    context.addIssue({ code: 'custom', path: ['web', 'webAclArn'], message: 'is required when waf is on: name the CLOUDFRONT-scope web ACL that guards the distribution, or set waf: false' });
  }
  // A region without a service the config asks for: say what replaces it there (infra/regions.ts).
  if (!isChinaRegion(province.awsRegion)) return;
  if (province.web.hosting === 'cloudfront') {
    context.addIssue({ code: 'custom', path: ['web', 'hosting'], message: `${province.awsRegion} cannot host the pages on CloudFront as built here: use ${services.cloudFrontSite.replacement}` });
  }
  if (province.sms.provider === 'end-user-messaging') {
    context.addIssue({ code: 'custom', path: ['sms', 'provider'], message: `${province.awsRegion} has no End User Messaging SMS: use ${services.endUserMessagingSms.replacement}` });
  }
});

/** A province's deployment config, as `ProvinceConfigSchema` accepts it. */
export type ProvinceConfig = z.infer<typeof ProvinceConfigSchema>;
