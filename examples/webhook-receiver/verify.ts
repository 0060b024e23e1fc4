import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checking a webhook from the union services, as a receiver should (Standard Webhooks):
 * the signature over `<id>.<timestamp>.<body>` with the key after `whsec_`, a timestamp within
 * five minutes (a replayed old message is refused), and the id not seen before (the same
 * message may come more than once: act on it once).
 */

/** How far a message's timestamp may be from the receiver's clock. */
export const TOLERANCE_SECONDS = 5 * 60;

export type Verdict = { ok: true; id: string; duplicate: boolean; event: { id: string; type: string; occurredAt: string; data: unknown } } | { ok: false; reason: string };

/** Ids already acted on. A real receiver keeps them in its database for longer than the sender retries (a day). */
export interface SeenIds {
  has(id: string): boolean;
  add(id: string): void;
}

const header = (headers: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The expected `v1,<base64>` signature of a message. */
export function expectedSignature(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/**
 * Verifies one request. `body` must be the raw bytes as received (re-serialized JSON would not
 * match), `headers` as node:http gives them (lower-case names). `seen` is updated only for a
 * valid message.
 */
export function verifyWebhook(input: { secret: string; headers: Record<string, string | string[] | undefined>; body: string; now?: Date; seen?: SeenIds }): Verdict {
  const id = header(input.headers, 'webhook-id');
  const timestamp = header(input.headers, 'webhook-timestamp');
  const signatures = header(input.headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'missing webhook headers' };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: 'bad timestamp' };
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - Number(timestamp)) > TOLERANCE_SECONDS) return { ok: false, reason: 'timestamp outside the tolerance' };
  const expected = Buffer.from(expectedSignature(input.secret, id, timestamp, input.body));
  // Several signatures, space-separated, while the sender rotates secrets: any one may match.
  const valid = signatures.split(' ').some((given) => {
    const bytes = Buffer.from(given);
    return bytes.length === expected.length && timingSafeEqual(bytes, expected);
  });
  if (!valid) return { ok: false, reason: 'bad signature' };
  const duplicate = input.seen?.has(id) ?? false;
  input.seen?.add(id);
  return { ok: true, id, duplicate, event: JSON.parse(input.body) };
}
