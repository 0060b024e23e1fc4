import { describe, expect, it } from 'vitest';
import { authorizationUrl, callbackOf, codeChallenge, idTokenMatches, payloadOf, randomSecret, tokenRequest } from '../../../web/common/pkce.js';

const provider = { issuer: 'https://id.fj.union.example.cn', clientId: 'union-web-fj', scopes: ['openid'] };
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('codeChallenge()', () => {
  it('is the S256 challenge of RFC 7636, appendix B', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });
});

describe('randomSecret()', () => {
  it('is 43 base64url characters (a verifier RFC 7636 accepts), new each time', () => {
    const secrets = new Set(Array.from({ length: 50 }, randomSecret));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('authorizationUrl()', () => {
  it('asks for a code for this client with the S256 challenge, the state and the nonce, keeping the endpoint\'s own query', () => {
    const url = new URL(authorizationUrl('https://id.fj.union.example.cn/oauth/authorize?tenant=union', { provider, redirectUri: 'https://fj.union.example.cn/me', state: 's1', nonce: 'n1', challenge: 'c1' }));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 'union',
      response_type: 'code',
      client_id: 'union-web-fj',
      redirect_uri: 'https://fj.union.example.cn/me',
      scope: 'openid',
      state: 's1',
      nonce: 'n1',
      code_challenge: 'c1',
      code_challenge_method: 'S256',
    });
  });

  it('asks the person again only when told to', () => {
    const request = { provider, redirectUri: 'https://fj.union.example.cn/console', state: 's', nonce: 'n', challenge: 'c' };
    expect(new URL(authorizationUrl('https://id.example.cn/auth', request)).searchParams.has('prompt')).toBe(false);
    expect(new URL(authorizationUrl('https://id.example.cn/auth', { ...request, prompt: 'login' })).searchParams.get('prompt')).toBe('login');
  });
});

describe('callbackOf()', () => {
  it('reads the code and state the provider sent back', () => {
    expect(callbackOf('?code=abc&state=s1&iss=https%3A%2F%2Fid.example.cn')).toEqual({ code: 'abc', state: 's1' });
  });

  it('reads an error with its description and state', () => {
    expect(callbackOf('?error=access_denied&error_description=user+cancelled&state=s1')).toEqual({ error: 'access_denied', description: 'user cancelled', state: 's1' });
  });

  it('is nothing for a page opened otherwise, or a code without a state', () => {
    expect(callbackOf('')).toBeUndefined();
    expect(callbackOf('?token=join-link')).toBeUndefined();
    expect(callbackOf('?code=abc')).toBeUndefined();
  });
});

describe('tokenRequest()', () => {
  it('exchanges the code as a public client: the verifier, never a secret', () => {
    const body = tokenRequest({ provider, code: 'abc', redirectUri: 'https://fj.union.example.cn/me', verifier: 'v'.repeat(43) });
    expect(Object.fromEntries(body)).toEqual({ grant_type: 'authorization_code', code: 'abc', redirect_uri: 'https://fj.union.example.cn/me', client_id: 'union-web-fj', code_verifier: 'v'.repeat(43) });
  });
});

describe('payloadOf()', () => {
  it('reads a JWT\'s claims, UTF-8 included', () => {
    expect(payloadOf(`${base64url({ alg: 'ES256' })}.${base64url({ sub: 'w-1', org: '思明区总工会' })}.sig`)).toEqual({ sub: 'w-1', org: '思明区总工会' });
  });

  it('refuses what is not a JWT', () => {
    expect(() => payloadOf('not-a-jwt')).toThrow();
  });
});

describe('idTokenMatches()', () => {
  const expected = { issuer: provider.issuer, clientId: provider.clientId, nonce: 'n1' };
  const token = { iss: provider.issuer, aud: provider.clientId, nonce: 'n1', sub: 'w-1' };

  it('accepts the ID token of this sign-in, its audience a string or a list', () => {
    expect(idTokenMatches(token, expected)).toBe(true);
    expect(idTokenMatches({ ...token, aud: ['another', provider.clientId] }, expected)).toBe(true);
  });

  it('refuses another sign-in\'s nonce, another issuer or another client\'s token', () => {
    expect(idTokenMatches({ ...token, nonce: 'n2' }, expected)).toBe(false);
    expect(idTokenMatches({ ...token, nonce: undefined }, expected)).toBe(false);
    expect(idTokenMatches({ ...token, iss: 'https://evil.example.cn' }, expected)).toBe(false);
    expect(idTokenMatches({ ...token, aud: 'another' }, expected)).toBe(false);
  });
});
