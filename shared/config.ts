const constantCase = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/** The environment variable that carries a table's physical name, set by CDK and the local runtime alike. */
export const tableEnvVar = (table: string): string => `TABLE_${constantCase(table)}`;

/** The environment variable that carries a consumer queue's URL. */
export const queueUrlEnvVar = (consumer: string): string => `QUEUE_URL_${constantCase(consumer)}`;

function required(variable: string): string {
  const value = process.env[variable];
  if (!value) throw new Error(`Environment variable ${variable} is not set`);
  return value;
}

export const tableNameOf = (table: string): string => required(tableEnvVar(table));
export const queueUrlOf = (consumer: string): string => required(queueUrlEnvVar(consumer));

/** GB/T 2260 two-digit code of the province this stack serves, e.g. `35` for Fujian. */
export const provinceCode = (): string => required('PROVINCE_CODE');

/** Where join links point: the page a worker's phone opens after scanning (the token is appended). */
export const joinLinkBaseUrl = (): string => required('JOIN_LINK_BASE_URL');

/**
 * The platform names workers may type at join (`PROVINCE_PLATFORMS`, a JSON array set from the
 * province's config); anything else is counted as `other`. Empty when unset.
 */
export function provincePlatforms(): string[] {
  const raw = process.env.PROVINCE_PLATFORMS;
  if (!raw) return [];
  const parsed: unknown = JSON.parse(raw);
  if (!Array.isArray(parsed) || !parsed.every((name) => typeof name === 'string')) throw new Error('PROVINCE_PLATFORMS must be a JSON array of names');
  return parsed;
}

/**
 * How long the authorizer remembers who holds an API key (`AUTHORIZER_CACHE_SECONDS`, from the
 * province's config): a revoked key may keep working that long. None (0) when unset.
 */
export function authorizerCacheSeconds(): number {
  const seconds = Number(process.env.AUTHORIZER_CACHE_SECONDS ?? 0);
  if (!Number.isInteger(seconds) || seconds < 0) throw new Error('AUTHORIZER_CACHE_SECONDS must be a whole number of seconds');
  return seconds;
}
