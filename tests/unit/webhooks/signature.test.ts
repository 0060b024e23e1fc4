import { describe, expect, it } from 'vitest';
import { formatSecret, sign, signedHeaders } from '../../../functions/webhooks/domain/signature.js';

// The Standard Webhooks specification's example, computed by hand from its rules.
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const timestamp = 1614265330;
const body = '{"test": 2432232314}';

describe('sign()', () => {
  it('signs "<id>.<timestamp>.<body>" with HMAC-SHA256 under the base64 key after whsec_', () => {
    expect(sign(secret, id, timestamp, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('puts the id, the timestamp and the signature in the headers', () => {
    expect(signedHeaders(secret, id, timestamp, body)).toEqual({
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it('gives another signature for another body, id, timestamp or secret', () => {
    const signature = sign(secret, id, timestamp, body);
    expect(sign(secret, id, timestamp, '{"test": 2432232315}')).not.toBe(signature);
    expect(sign(secret, 'msg_other', timestamp, body)).not.toBe(signature);
    expect(sign(secret, id, timestamp + 1, body)).not.toBe(signature);
    expect(sign(formatSecret(Buffer.alloc(32, 1)), id, timestamp, body)).not.toBe(signature);
  });
});

describe('formatSecret()', () => {
  it('is whsec_ and the key in base64', () => {
    expect(formatSecret(Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'))).toBe(secret);
  });
});
