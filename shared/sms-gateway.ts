import { GenerateMacCommand, type GenerateMacCommandOutput } from '@aws-sdk/client-kms';
import { createHmac, hkdfSync } from 'node:crypto';
import { DependencyUnavailableError, SmsRecipientRefusedError } from './errors.js';
import { maskMobile } from './identity/mask.js';
import { logger } from './logger.js';
import type { SmsMessage, SmsSender } from './sms.js';

/**
 * The province's HTTPS SMS gateway (ADR 0028): where the region has no End User Messaging SMS
 * (the China regions), verification codes go to an endpoint the province runs in front of its
 * contracted SMS vendor (Aliyun, Tencent Cloud, a carrier). Each request is signed as Standard
 * Webhooks sign theirs, under a KMS HMAC key, so the gateway sends only what this stack asked.
 */

/** The request's headers: its id (the message's idempotency key), when it was signed, the signature. */
export const SMS_GATEWAY_HEADERS = { id: 'sms-gateway-id', timestamp: 'sms-gateway-timestamp', signature: 'sms-gateway-signature' } as const;

/** Well inside the HTTP functions' 10 s, leaving time to answer 503 and undo the verification. */
export const SMS_GATEWAY_TIMEOUT_MS = 5_000;

/** Retry-After when the gateway names none, and the most a gateway's own value is trusted for. */
const DEFAULT_RETRY_AFTER_SECONDS = 30;
const MAX_RETRY_AFTER_SECONDS = 300;

/** The body POSTed to the gateway, JSON. `to` is the mainland mobile as the worker typed it (11 digits). */
export interface SmsGatewayRequest extends SmsMessage {
  to: string;
  /** Unique per message: a gateway that sees it twice (a retried request) sends once. */
  idempotencyKey: string;
}

/** Makes the HMAC-SHA-256 of a message: a KMS HMAC key deployed, a local key locally. */
export interface SmsGatewayKey {
  mac(message: Buffer): Promise<Buffer>;
}

/**
 * The `sms-gateway-signature` value: `v1,` and the base64 HMAC-SHA-256 of `<id>.<timestamp>.<body>`.
 *
 * @example
 * await signSmsGatewayRequest(key, 'ver_1', 1767225600, '{"to":"13800000000",...}'); // 'v1,K5o...='
 */
export async function signSmsGatewayRequest(key: SmsGatewayKey, id: string, timestamp: number, body: string): Promise<string> {
  return `v1,${(await key.mac(Buffer.from(`${id}.${timestamp}.${body}`, 'utf8'))).toString('base64')}`;
}

/** A key whose bytes are known: the local runtime's, and a gateway's test double. */
export const hmacSmsGatewayKey = (secret: Buffer): SmsGatewayKey => ({ mac: async (message) => createHmac('sha256', secret).update(message).digest() });

/**
 * The local key's bytes: HKDF of `LOCAL_KEYRING` with a label of its own, so it is unrelated to
 * the vault's and the join links' keys derived from the same secret. A gateway tried against the
 * local runtime verifies with these.
 */
export function localSmsGatewaySecret(keyring: string): Buffer {
  const secret = Buffer.from(keyring, 'base64url');
  if (secret.length < 32) throw new Error('LOCAL_KEYRING must be base64url of at least 32 random bytes');
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'union-services/sms-gateway-key', 32));
}

export const localSmsGatewayKey = (keyring: string): SmsGatewayKey => hmacSmsGatewayKey(localSmsGatewaySecret(keyring));

/** What the KMS key needs of a client: a `KMSClient`, or a fake in unit tests. */
export interface SmsGatewayKmsSender {
  send(command: GenerateMacCommand): Promise<unknown>;
}

/**
 * The deployed key: GenerateMac with a KMS HMAC_256 key (`SMS_GATEWAY_MAC_KMS_KEY_ID`). Its
 * bytes never leave KMS; the gateway checks a signature with VerifyMac under a grant.
 */
export function kmsSmsGatewayKey(client: SmsGatewayKmsSender, keyId: string): SmsGatewayKey {
  return {
    async mac(message) {
      const { Mac } = (await client.send(new GenerateMacCommand({ KeyId: keyId, MacAlgorithm: 'HMAC_SHA_256', Message: message }))) as GenerateMacCommandOutput;
      if (!Mac?.length) throw new Error('KMS GenerateMac returned no MAC');
      return Buffer.from(Mac);
    },
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * `SMS_GATEWAY_URL` as a URL: https only, since the body holds a mobile and a one-time code;
 * `http://` to this machine only where the local runtime allows it (`SMS_GATEWAY_LOCAL_LOOPBACK=allow`).
 */
export function smsGatewayUrl(value: string, policy: { allowLocalLoopback: boolean }): URL {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url?.protocol === 'https:') return url;
  if (url?.protocol === 'http:' && policy.allowLocalLoopback && LOOPBACK_HOSTS.has(url.hostname)) return url;
  throw new Error(`SMS_GATEWAY_URL must be an https:// URL${policy.allowLocalLoopback ? ', or http:// on this machine' : ''}`);
}

const retryAfterOf = (response: Response): number => {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isInteger(seconds) && seconds > 0 ? Math.min(seconds, MAX_RETRY_AFTER_SECONDS) : DEFAULT_RETRY_AFTER_SECONDS;
};

/**
 * The gateway sender: POSTs a signed `SmsGatewayRequest`. A 2xx means the gateway took the
 * message; 422 that the mobile cannot get SMS (`SmsRecipientRefusedError`); anything else, a
 * redirect, no answer within `timeoutMs` or no connection is a `DependencyUnavailableError`
 * (503 with Retry-After, the gateway's own for a 429 or 503). Logs carry the mobile masked only.
 */
export function makeSmsGatewaySender(options: {
  url: URL;
  key: SmsGatewayKey;
  now?: () => Date;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}): SmsSender {
  const { url, key, now = () => new Date(), timeoutMs = SMS_GATEWAY_TIMEOUT_MS, fetch = globalThis.fetch } = options;
  return {
    async send(mobile, message, idempotencyKey) {
      const request: SmsGatewayRequest = { to: mobile, template: message.template, params: message.params, text: message.text, idempotencyKey };
      const body = JSON.stringify(request);
      const timestamp = Math.floor(now().getTime() / 1000);
      const headers = {
        'content-type': 'application/json',
        [SMS_GATEWAY_HEADERS.id]: idempotencyKey,
        [SMS_GATEWAY_HEADERS.timestamp]: String(timestamp),
        [SMS_GATEWAY_HEADERS.signature]: await signSmsGatewayRequest(key, idempotencyKey, timestamp, body),
      };
      let response: Response;
      try {
        // Redirects are not followed: the code goes to the configured gateway or nowhere.
        response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        logger.warn('SMS gateway did not answer', { to: maskMobile(mobile), error: (error as Error).name });
        throw new DependencyUnavailableError('The SMS gateway did not answer', DEFAULT_RETRY_AFTER_SECONDS);
      }
      // The answer's body is not used; reading it frees the connection.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return;
      if (response.status === 422) {
        logger.info('SMS gateway refused the recipient', { to: maskMobile(mobile) });
        throw new SmsRecipientRefusedError();
      }
      logger.warn('SMS gateway refused the message', { to: maskMobile(mobile), status: response.status });
      throw new DependencyUnavailableError('The SMS gateway could not take the message', response.status === 429 || response.status === 503 ? retryAfterOf(response) : DEFAULT_RETRY_AFTER_SECONDS);
    },
  };
}
