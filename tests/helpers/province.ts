import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { plainPersonalData } from './personal-data-scan.js';
import { provinceItems } from './tables.js';
import { removeProvisioned } from '../../local/provision.js';
import { startProvince, type ProvinceOptions, type RunningProvince } from '../../local/runtime.js';
import { localIssuer, type LocalIssuer } from '../../local/tokens.js';
import { UNREACHED_USAGE_TIERS } from '../../local/usage-limiter.js';
import { newLocalKeyring } from '../../shared/crypto/pii-vault.js';
import { eventsOfOutboxItem } from '../../shared/outbox.js';

export interface TestProvince extends RunningProvince {
  issuer: LocalIssuer;
  /** A token for a role, signed by the province's issuer. */
  token(claims: Parameters<LocalIssuer['mint']>[0]): Promise<string>;
  /** Calls the API; JSON bodies in and out. */
  request(method: string, path: string, init?: { body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<ApiResponse>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** The engines of this test worker: its own DynamoDB Local, the shared SQS emulator. */
export function testEngines(): { dynamodb: string; sqs: string } {
  const { dynamodb, sqs } = inject('engines');
  const worker = Number(process.env.VITEST_POOL_ID ?? 1) - 1;
  return { dynamodb: dynamodb[worker % dynamodb.length]!, sqs };
}

/**
 * A province of its own for one test file, on the engines the global setup started: its own
 * table and queue names, gateway port and pollers, so files never see each other's data.
 */
export async function startTestProvince(options: Partial<ProvinceOptions> = {}): Promise<TestProvince> {
  const engines = testEngines();
  // A test that needs the issuer's key (to sign tokens `mint` would not) passes its own.
  const issuer = options.issuer ?? (await localIssuer('http://127.0.0.1/test-issuer'));
  const prefix = options.prefix ?? `t${randomUUID().slice(0, 8)}-`;
  const answers: Answer[] = [];
  const province = await startProvince({
    dynamodbEndpoint: engines.dynamodb,
    sqsEndpoint: engines.sqs,
    prefix,
    provinceCode: '35',
    port: 0,
    issuer,
    keyring: newLocalKeyring(),
    // Revocations take effect at once, as most tests expect; one test sets a TTL.
    authorizerCacheSeconds: 0,
    // Many requests from one account are the point of many tests; the limiter's own test sets small tiers.
    usageTiers: UNREACHED_USAGE_TIERS,
    ...options,
  });
  return {
    ...province,
    issuer,
    // The file's tables and queues go with it: the engines are shared by the whole run. First,
    // what the file left in them and every answer it got are scanned for plain personal data.
    async stop() {
      await province.stop();
      try {
        const hits = [...(await personalDataInTables(province)), ...personalDataInAnswers(answers)];
        if (hits.length > 0) throw new Error(`Plain personal data left by this file:\n${[...new Set(hits)].join('\n')}`);
      } finally {
        await removeProvisioned(engines, prefix);
      }
    },
    token: (claims) => issuer.mint(claims),
    async request(method, path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      let body: string | undefined = init.rawBody;
      if (init.body !== undefined) {
        body = JSON.stringify(init.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${province.url}${path}`, { method, headers, body });
      // An image (a PNG poster) is its bytes; everything else the API answers is text.
      if (response.headers.get('content-type')?.startsWith('image/png')) return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
      const text = await response.text();
      answers.push({ method, path, text });
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: the raw text is the body
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
  };
}

interface Answer {
  method: string;
  path: string;
  text: string;
}

/**
 * Routes whose answers carry a person's data whole by design: an employer's accepted
 * interests (the mobile the worker chose to share) and the local SMS outbox.
 */
const REVEALING = [/^\/v1\/jobs\/[^/]+\/interests(\/|\?|$)/, /^\/local\/sms/];

function personalDataInAnswers(answers: readonly Answer[]): string[] {
  return answers
    .filter((answer) => !REVEALING.some((route) => route.test(answer.path)))
    .flatMap((answer) => plainPersonalData(answer.text).map((hit) => `${hit} in the answer to ${answer.method} ${answer.path.split('?')[0]}`));
}

async function personalDataInTables(province: RunningProvince): Promise<string[]> {
  const hits: string[] = [];
  for await (const [table, item] of provinceItems(province)) {
    // Large events are stored gzipped: scan what they say.
    const readable = item.eventGzip || item.eventsGzip ? { ...item, eventGzip: undefined, eventsGzip: eventsOfOutboxItem(item) } : item;
    for (const hit of plainPersonalData(JSON.stringify(readable))) hits.push(`${hit} in table ${table}, item ${String(item.pk ?? item.id ?? '?').slice(0, 40)}`);
  }
  return hits;
}

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

