import { SignJWT, exportJWK, generateKeyPair, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLOCK_TOLERANCE_SECONDS, makeTokenVerifier } from '../../../functions/auth/token-verifier.js';

const issuer = 'https://idp.example/province';
const audience = 'union-services';
const now = new Date('2025-06-01T08:00:00Z');
const seconds = now.getTime() / 1000;
let verify: ReturnType<typeof makeTokenVerifier>;
let sign: (payload: JWTPayload) => Promise<string>;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
  verify = makeTokenVerifier({ JWT_ISSUER: issuer, JWT_AUDIENCE: audience, JWT_JWKS: JSON.stringify({ keys: [jwk] }) }, () => now);
  sign = (payload) => new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer(issuer).setAudience(audience).sign(privateKey);
});

const claims = { role: 'province_admin', sub: 'admin-1' };

describe('makeTokenVerifier()', () => {
  it('accepts a token with exp and an iat now or within the clock tolerance', async () => {
    expect(await verify(await sign({ ...claims, iat: seconds, exp: seconds + 3600 }))).toEqual(claims);
    expect(await verify(await sign({ ...claims, iat: seconds + CLOCK_TOLERANCE_SECONDS, exp: seconds + 3600 }))).toEqual(claims);
  });

  it('refuses a token without exp, which would never expire', async () => {
    expect(await verify(await sign({ ...claims, iat: seconds }))).toBeUndefined();
  });

  it('refuses a token issued in the future beyond the clock tolerance', async () => {
    expect(await verify(await sign({ ...claims, iat: seconds + 3600, exp: seconds + 7200 }))).toBeUndefined();
    expect(await verify(await sign({ ...claims, iat: seconds + CLOCK_TOLERANCE_SECONDS + 1, exp: seconds + 7200 }))).toBeUndefined();
  });

  it('refuses a token expired beyond the clock tolerance', async () => {
    expect(await verify(await sign({ ...claims, iat: seconds - 7200, exp: seconds - CLOCK_TOLERANCE_SECONDS - 1 }))).toBeUndefined();
  });
});
