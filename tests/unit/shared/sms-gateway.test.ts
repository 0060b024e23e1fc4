import { GenerateMacCommand } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { hmacMacCheck, verifySmsGatewayRequest } from '../../../examples/sms-gateway/verify.js';
import { DependencyUnavailableError, SmsRecipientRefusedError } from '../../../shared/errors.js';
import { newLocalKeyring } from '../../../shared/crypto/pii-vault.js';
import { hmacSmsGatewayKey, kmsSmsGatewayKey, localSmsGatewaySecret, makeSmsGatewaySender, signSmsGatewayRequest, smsGatewayUrl } from '../../../shared/sms-gateway.js';
import { smsSender } from '../../../shared/sms.js';

const secret = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const now = new Date('2026-01-01T00:00:00Z');
const message = { template: 'verification-code', params: { code: '123456', minutes: '5' }, text: '您的验证码是 123456' };

/** A gateway answering each request with `answer`, keeping what it was sent. */
function gateway(answer: () => Response | Promise<Response>) {
  const requests: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: URL, init: RequestInit) => {
    requests.push({ url: String(url), init });
    return answer();
  }) as unknown as typeof globalThis.fetch;
  return { requests, fetch };
}

const sender = (fetch: typeof globalThis.fetch) => makeSmsGatewaySender({ url: new URL('https://sms.example.cn/v1/messages'), key: hmacSmsGatewayKey(secret), now: () => now, fetch });

describe('signSmsGatewayRequest()', () => {
  it('is v1 and the base64 HMAC-SHA-256 of id.timestamp.body (a vector computed with openssl)', async () => {
    // printf '%s' 'ver_1.1767225600.{...}' | openssl dgst -sha256 -mac HMAC -macopt hexkey:0001…1f -binary | base64
    const signature = await signSmsGatewayRequest(hmacSmsGatewayKey(secret), 'ver_1', 1767225600, '{"to":"13800000000","template":"verification-code"}');
    expect(signature).toBe('v1,BH8sSJzW0fHvdXKEMWNgEcJcw/OdaDNWfgx5uZkoFrw=');
  });

  it('signs with KMS GenerateMac of the same content under the configured key', async () => {
    const sent: GenerateMacCommand[] = [];
    const key = kmsSmsGatewayKey({ send: async (command) => (sent.push(command), { Mac: new Uint8Array([1, 2, 3]) }) }, 'arn:aws-cn:kms:cn-north-1:111122223333:key/k');
    expect(await signSmsGatewayRequest(key, 'ver_1', 1767225600, '{}')).toBe('v1,AQID');
    expect(sent[0]!.input).toEqual({ KeyId: 'arn:aws-cn:kms:cn-north-1:111122223333:key/k', MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from('ver_1.1767225600.{}') });
  });

  it('derives the local key from the keyring, apart from the keyring itself', () => {
    const keyring = newLocalKeyring();
    expect(localSmsGatewaySecret(keyring)).toEqual(localSmsGatewaySecret(keyring));
    expect(localSmsGatewaySecret(keyring)).toHaveLength(32);
    expect(localSmsGatewaySecret(keyring).equals(Buffer.from(keyring, 'base64url'))).toBe(false);
  });
});

describe('smsGatewayUrl()', () => {
  it('takes https only, and http on this machine only where the local runtime allows it', () => {
    expect(smsGatewayUrl('https://sms.fj.union.example.cn/v1/messages', { allowLocalLoopback: false }).host).toBe('sms.fj.union.example.cn');
    expect(smsGatewayUrl('http://127.0.0.1:4001/sms', { allowLocalLoopback: true }).port).toBe('4001');
    for (const url of ['http://127.0.0.1:4001/sms', 'http://sms.example.cn/', 'ftp://sms.example.cn/', 'sms.example.cn', '']) {
      expect(() => smsGatewayUrl(url, { allowLocalLoopback: false }), url).toThrow(/must be an https:\/\/ URL/);
    }
    for (const url of ['http://10.0.0.1/sms', 'http://sms.example.cn/', 'http://169.254.169.254/']) {
      expect(() => smsGatewayUrl(url, { allowLocalLoopback: true }), url).toThrow(/must be an https:\/\/ URL/);
    }
  });
});

describe('smsSender()', () => {
  it('picks the gateway when SMS_GATEWAY_URL is set, and refuses one that is not https at creation', () => {
    const keyring = newLocalKeyring();
    expect(smsSender({ SMS_GATEWAY_URL: 'https://sms.example.cn/v1/messages', LOCAL_KEYRING: keyring })).toHaveProperty('send');
    expect(() => smsSender({ SMS_GATEWAY_URL: 'http://sms.example.cn/v1/messages', LOCAL_KEYRING: keyring })).toThrow(/https/);
    expect(() => smsSender({ SMS_GATEWAY_URL: 'https://sms.example.cn/v1/messages' })).toThrow(/SMS_GATEWAY_MAC_KMS_KEY_ID/);
  });
});

describe('makeSmsGatewaySender()', () => {
  it('POSTs the message as JSON with a signature the example verifier accepts, never following redirects', async () => {
    const { requests, fetch } = gateway(() => new Response(null, { status: 202 }));
    await sender(fetch).send('13800000000', message, 'ver_1');
    const [{ url, init }] = requests as [(typeof requests)[0]];
    expect(url).toBe('https://sms.example.cn/v1/messages');
    expect(init).toMatchObject({ method: 'POST', redirect: 'manual' });
    expect(init.signal).toBeInstanceOf(AbortSignal);
    const body = init.body as string;
    expect(JSON.parse(body)).toEqual({ to: '13800000000', ...message, idempotencyKey: 'ver_1' });
    const headers = init.headers as Record<string, string>;
    expect(headers).toMatchObject({ 'content-type': 'application/json', 'sms-gateway-id': 'ver_1', 'sms-gateway-timestamp': '1767225600' });
    const verdict = await verifySmsGatewayRequest({ check: hmacMacCheck(secret), headers, body, now });
    expect(verdict).toMatchObject({ ok: true, id: 'ver_1', duplicate: false, request: { to: '13800000000', params: { code: '123456' } } });
  });

  it('has its signature refused by the verifier when the body, the key or the time differ', async () => {
    const { requests, fetch } = gateway(() => new Response(null, { status: 202 }));
    await sender(fetch).send('13800000000', message, 'ver_1');
    const headers = requests[0]!.init.headers as Record<string, string>;
    const body = requests[0]!.init.body as string;
    const check = hmacMacCheck(secret);
    expect(await verifySmsGatewayRequest({ check, headers, body: body.replace('123456', '654321'), now })).toEqual({ ok: false, reason: 'bad signature' });
    expect(await verifySmsGatewayRequest({ check: hmacMacCheck(Buffer.alloc(32)), headers, body, now })).toEqual({ ok: false, reason: 'bad signature' });
    expect(await verifySmsGatewayRequest({ check, headers, body, now: new Date(now.getTime() + 301_000) })).toEqual({ ok: false, reason: 'timestamp outside the tolerance' });
    const seen = new Set<string>();
    expect(await verifySmsGatewayRequest({ check, headers, body, now, seen })).toMatchObject({ ok: true, duplicate: false });
    expect(await verifySmsGatewayRequest({ check, headers, body, now, seen })).toMatchObject({ ok: true, duplicate: true });
  });

  it('turns a 422 into a refused recipient, and other failures into 503 with Retry-After', async () => {
    const send = (answer: () => Response | Promise<Response>) => sender(gateway(answer).fetch).send('13800000000', message, 'ver_1');
    await expect(send(() => new Response('{"error":"invalid mobile"}', { status: 422 }))).rejects.toBeInstanceOf(SmsRecipientRefusedError);
    const cases: [() => Response | Promise<Response>, number][] = [
      [() => new Response(null, { status: 503, headers: { 'retry-after': '120' } }), 120],
      [() => new Response(null, { status: 429, headers: { 'retry-after': '86400' } }), 300],
      [() => new Response(null, { status: 500 }), 30],
      [() => new Response(null, { status: 401 }), 30],
      [() => new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } }), 30],
      [() => Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), 30],
    ];
    for (const [answer, retryAfterSeconds] of cases) {
      const failure = send(answer);
      await expect(failure).rejects.toBeInstanceOf(DependencyUnavailableError);
      await expect(failure).rejects.toMatchObject({ status: 503, retryAfterSeconds });
    }
  });
});
