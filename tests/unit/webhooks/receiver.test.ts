import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../../examples/webhook-receiver/verify.js';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const body = '{"test": 2432232314}';
const headers = { 'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'webhook-timestamp': '1614265330', 'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' };
const at = (seconds: number) => new Date(seconds * 1000);

describe('the example receiver: verifyWebhook()', () => {
  it('accepts the specification\'s example within five minutes of its timestamp', () => {
    expect(verifyWebhook({ secret, headers, body, now: at(1614265330 + 300) })).toMatchObject({ ok: true, id: headers['webhook-id'], duplicate: false });
    expect(verifyWebhook({ secret, headers, body, now: at(1614265330 - 300) })).toMatchObject({ ok: true });
  });

  it('refuses an old or future timestamp, an altered body and a wrong secret', () => {
    expect(verifyWebhook({ secret, headers, body, now: at(1614265330 + 301) })).toEqual({ ok: false, reason: 'timestamp outside the tolerance' });
    expect(verifyWebhook({ secret, headers, body, now: at(1614265330 - 301) })).toEqual({ ok: false, reason: 'timestamp outside the tolerance' });
    expect(verifyWebhook({ secret, headers, body: '{"test": 2432232315}', now: at(1614265330) })).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyWebhook({ secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', headers, body, now: at(1614265330) })).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyWebhook({ secret, headers: { ...headers, 'webhook-id': undefined }, body, now: at(1614265330) })).toEqual({ ok: false, reason: 'missing webhook headers' });
  });

  it('accepts the signature among several (a secret being rotated) and refuses an altered one', () => {
    const now = at(1614265330);
    const signature = headers['webhook-signature'];
    expect(verifyWebhook({ secret, headers: { ...headers, 'webhook-signature': `v1,bm90IGl0 ${signature}` }, body, now })).toMatchObject({ ok: true });
    expect(verifyWebhook({ secret, headers: { ...headers, 'webhook-signature': signature.replace('g0h', 'g1h') }, body, now })).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('says when an id comes again', () => {
    const seen = new Set<string>();
    expect(verifyWebhook({ secret, headers, body, now: at(1614265330), seen })).toMatchObject({ ok: true, duplicate: false });
    expect(verifyWebhook({ secret, headers, body, now: at(1614265330), seen })).toMatchObject({ ok: true, duplicate: true });
  });
});
