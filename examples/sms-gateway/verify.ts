import { KMSClient, VerifyMacCommand } from '@aws-sdk/client-kms';
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checking a request from the union services, as a province's SMS gateway should before it
 * hands a message to its SMS vendor: the signature over `<id>.<timestamp>.<body>` (HMAC-SHA-256,
 * made by the province's KMS key), a timestamp within five minutes (an old request replayed is
 * refused), and the id not acted on before (a retried request sends one SMS).
 */

/** How far a request's timestamp may be from the gateway's clock. */
export const TOLERANCE_SECONDS = 5 * 60;

/** The body the union services POST. */
export interface SmsGatewayRequest {
  /** Mainland mobile, 11 digits. */
  to: string;
  /** The message's template, e.g. `verification-code`: map it to the vendor's registered template. */
  template: string;
  /** The template's parameters, e.g. `{ code: '123456', minutes: '5' }`. */
  params: Record<string, string>;
  /** The whole message, for a vendor that sends free text. */
  text: string;
  /** Equal to the `sms-gateway-id` header. */
  idempotencyKey: string;
}

/** Whether `mac` is the key's HMAC-SHA-256 of `message`. */
export type MacCheck = (message: Buffer, mac: Buffer) => Promise<boolean>;

/**
 * Deployed: KMS checks the MAC (`VerifyMac`) with the province's SMS gateway key, whose bytes
 * never leave KMS; the gateway's role holds a grant for `kms:VerifyMac` on it (DEPLOY.md).
 */
export function kmsMacCheck(keyId: string, client = new KMSClient({})): MacCheck {
  return async (message, mac) => {
    try {
      const { MacValid } = await client.send(new VerifyMacCommand({ KeyId: keyId, MacAlgorithm: 'HMAC_SHA_256', Message: message, Mac: mac }));
      return MacValid === true;
    } catch (error) {
      // KMS answers a wrong MAC with KMSInvalidMacException rather than MacValid: false.
      if ((error as Error).name === 'KMSInvalidMacException') return false;
      throw error;
    }
  };
}

/** Against the local runtime (or in tests): a key whose bytes you hold. */
export function hmacMacCheck(secret: Buffer): MacCheck {
  return async (message, mac) => {
    const expected = createHmac('sha256', secret).update(message).digest();
    return mac.length === expected.length && timingSafeEqual(mac, expected);
  };
}

/** Ids already acted on. A real gateway keeps them in its database for a day at least. */
export interface SeenIds {
  has(id: string): boolean;
  add(id: string): void;
}

export type Verdict = { ok: true; id: string; duplicate: boolean; request: SmsGatewayRequest } | { ok: false; reason: string };

const header = (headers: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Verifies one request. `body` must be the raw text as received (re-serialized JSON would not
 * match), `headers` as node:http gives them (lower-case names). `seen` is updated only for a
 * valid request. Answer a refused one 401 and send nothing.
 */
export async function verifySmsGatewayRequest(input: {
  check: MacCheck;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  now?: Date;
  seen?: SeenIds;
}): Promise<Verdict> {
  const id = header(input.headers, 'sms-gateway-id');
  const timestamp = header(input.headers, 'sms-gateway-timestamp');
  const signature = header(input.headers, 'sms-gateway-signature');
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing sms-gateway headers' };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: 'bad timestamp' };
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - Number(timestamp)) > TOLERANCE_SECONDS) return { ok: false, reason: 'timestamp outside the tolerance' };
  const [version, mac] = signature.split(',');
  if (version !== 'v1' || !mac) return { ok: false, reason: 'bad signature' };
  if (!(await input.check(Buffer.from(`${id}.${timestamp}.${input.body}`, 'utf8'), Buffer.from(mac, 'base64')))) return { ok: false, reason: 'bad signature' };
  const request = JSON.parse(input.body) as SmsGatewayRequest;
  if (request.idempotencyKey !== id) return { ok: false, reason: 'id and idempotencyKey differ' };
  const duplicate = input.seen?.has(id) ?? false;
  input.seen?.add(id);
  return { ok: true, id, duplicate, request };
}
