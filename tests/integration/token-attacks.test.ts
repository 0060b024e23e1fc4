import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK, type JWTHeaderParameters, type JWTPayload } from 'jose';
import { createHash, createPublicKey, type JsonWebKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLOCK_TOLERANCE_SECONDS } from '../../functions/auth/token-verifier.js';
import { LOCAL_AUDIENCE, localIssuer } from '../../local/tokens.js';
import { validCreditCode, validIdNumber, validMobile } from '../helpers/identity.js';
import { seedOrgTree } from '../helpers/org-tree.js';
import { eventually, startTestProvince, type ApiResponse, type TestProvince } from '../helpers/province.js';

/**
 * Issue 15, item 3 ("Tokens and keys"): forged, altered, expired and revoked credentials of each
 * kind are refused through the local gateway, each next to a control that the genuine credential
 * works on the same route, so no refusal passes for the wrong reason. Bearer JWTs without `exp`
 * or with a future `iat` are in hardening.test.ts and not repeated here.
 */
let province: TestProvince;
let keyDir: string;
/** The issuer's private signing key (ES256), to sign tokens the local issuer's `mint` would not. */
let signingKey: JWK;
let adminToken: string;
const orgs: Record<string, { id: string }> = {};
const staff: Record<string, string> = {};
let seed = 15_300;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const as = (token: string, method: string, path: string, body?: unknown) => province.request(method, path, { body, headers: bearer(token) });
const nowSeconds = () => Math.floor(Date.now() / 1000);
const b64json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decodeJson = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/** The string with its character at `index` replaced by another base64url character. */
const alterAt = (text: string, index: number) => {
  const i = index < 0 ? text.length + index : index;
  return text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
};

function expectProblem(response: ApiResponse, status: number, label = '') {
  expect(response.status, `${label} ${JSON.stringify(response.body)}`).toBe(status);
  expect(response.headers.get('content-type'), label).toContain('application/problem+json');
  expect(response.body, label).toMatchObject({ status });
}

const expectUnauthorized = (response: ApiResponse, label: string) => {
  expectProblem(response, 401, label);
  expect(response.body.title, label).toBe('Unauthorized');
};

/**
 * Runs `body` with the process clock (which the handlers' clocks read) moved to `when`, and
 * moving on from there; the real clock is back afterwards. Nothing in production code is changed:
 * the functions run in this process, as the local runtime runs them.
 */
async function atTime<T>(when: number, body: () => Promise<T>): Promise<T> {
  await province.settled();
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(when);
  try {
    return await body();
  } finally {
    vi.useRealTimers();
  }
}

beforeAll(async () => {
  keyDir = mkdtempSync(join(tmpdir(), 'token-attacks-issuer-'));
  const keyFile = join(keyDir, 'key.json');
  const issuer = await localIssuer('http://127.0.0.1/test-issuer', keyFile);
  signingKey = JSON.parse(readFileSync(keyFile, 'utf8'));
  province = await startTestProvince({ issuer });
  adminToken = await province.token({ role: 'province_admin', sub: 'admin' });
  await seedOrgTree(province, adminToken, { orgs, staff });
});

afterAll(async () => {
  vi.useRealTimers();
  await province?.stop();
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

describe('bearer tokens', () => {
  const kid = () => signingKey.kid!;
  const claims = (overrides: JWTPayload = {}): JWTPayload => {
    const now = nowSeconds();
    return { role: 'province_admin', sub: 'admin', iss: province.issuer.issuer, aud: LOCAL_AUDIENCE, iat: now, exp: now + 3600, ...overrides };
  };
  /** Signs `payload` with the issuer's own key (or `key`), under `header`. */
  const sign = async (payload: JWTPayload, header: Partial<JWTHeaderParameters> = {}, key?: Parameters<SignJWT['sign']>[0]) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: kid(), ...header } as JWTHeaderParameters).sign(key ?? (await importJWK(signingKey, 'ES256')));
  const root = () => `/v1/orgs/${orgs.root!.id}`;
  const getRoot = (authorization: string) => province.request('GET', root(), { headers: { authorization } });

  /** The control each refusal is measured against: a well-formed token on the same route is 200. */
  async function control() {
    const response = await getRoot(`Bearer ${await sign(claims())}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.id).toBe(orgs.root!.id);
  }

  it('answer 200 when well formed, and within the clock tolerance on exp and nbf', async () => {
    await control();
    const now = nowSeconds();
    const slack = CLOCK_TOLERANCE_SECONDS / 2;
    expect((await getRoot(`Bearer ${await sign(claims({ iat: now - 3600, exp: now - slack }))}`)).status).toBe(200);
    expect((await getRoot(`Bearer ${await sign(claims({ nbf: now + slack }))}`)).status).toBe(200);
  });

  it('are refused when expired, or not valid yet, beyond the clock tolerance', async () => {
    await control();
    const now = nowSeconds();
    const beyond = CLOCK_TOLERANCE_SECONDS * 2;
    expectUnauthorized(await getRoot(`Bearer ${await sign(claims({ iat: now - 7200, exp: now - beyond }))}`), 'expired');
    expectUnauthorized(await getRoot(`Bearer ${await sign(claims({ iat: now - 86_400, exp: now - 3600 }))}`), 'expired an hour ago');
    expectUnauthorized(await getRoot(`Bearer ${await sign(claims({ nbf: now + beyond }))}`), 'nbf in the future');
  });

  it('are refused from another issuer or for another audience', async () => {
    await control();
    const cases: [string, JWTPayload][] = [
      ['another issuer', { iss: 'http://127.0.0.1/other-issuer' }],
      ['the issuer with a trailing slash', { iss: `${province.issuer.issuer}/` }],
      ['no issuer', { iss: undefined }],
      ['another audience', { aud: 'another-service' }],
      ['an audience list without ours', { aud: ['another-service', 'union-services-admin'] }],
      ['no audience', { aud: undefined }],
    ];
    for (const [label, overrides] of cases) {
      const payload = Object.fromEntries(Object.entries(claims(overrides)).filter(([, value]) => value !== undefined));
      expectUnauthorized(await getRoot(`Bearer ${await sign(payload)}`), label);
    }
  });

  it('are refused unsigned (alg none), whatever the spelling and with or without a signature part', async () => {
    await control();
    const payload = b64json(claims());
    const genuine = await sign(claims());
    for (const [label, header] of [
      ['none', { alg: 'none', typ: 'JWT' }],
      ['None', { alg: 'None' }],
      ['NONE with kid', { alg: 'NONE', kid: kid() }],
    ] as const) {
      expectUnauthorized(await getRoot(`Bearer ${b64json(header)}.${payload}.`), `${label}, empty signature`);
      expectUnauthorized(await getRoot(`Bearer ${b64json(header)}.${payload}.${genuine.split('.')[2]}`), `${label}, a genuine signature kept`);
    }
  });

  it('are refused signed HS256 with the issuer\'s public key material as the HMAC secret (algorithm confusion)', async () => {
    await control();
    const { d: _private, ...publicJwk } = signingKey;
    const publicKey = createPublicKey({ key: publicJwk as JsonWebKey, format: 'jwk' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const secrets: [string, Uint8Array][] = [
      ['the public JWK', new TextEncoder().encode(JSON.stringify(publicJwk))],
      ['the JWKS document', new TextEncoder().encode(JSON.stringify(province.issuer.jwks))],
      ['the PEM', new TextEncoder().encode(pem)],
      ['the PEM, trimmed', new TextEncoder().encode(pem.trim())],
      ['the SPKI DER', new Uint8Array(der)],
    ];
    for (const [label, secret] of secrets) {
      for (const alg of ['HS256', 'HS512']) {
        expectUnauthorized(await getRoot(`Bearer ${await sign(claims(), { alg }, secret)}`), `${alg} keyed by ${label}`);
      }
    }
  });

  it('are refused with a bad signature: its last byte altered, truncated, or another token\'s', async () => {
    await control();
    const [header, payload, signature] = (await sign(claims())).split('.') as [string, string, string];
    const bytes = Buffer.from(signature, 'base64url');
    bytes[bytes.length - 1]! ^= 0x01;
    expectUnauthorized(await getRoot(`Bearer ${header}.${payload}.${bytes.toString('base64url')}`), 'last byte flipped');
    expectUnauthorized(await getRoot(`Bearer ${header}.${payload}.${signature.slice(0, -4)}`), 'truncated');
    const other = (await sign(claims({ sub: 'someone-else' }))).split('.')[2];
    expectUnauthorized(await getRoot(`Bearer ${header}.${payload}.${other}`), 'another token\'s signature');
  });

  it('are refused with tampered claims: a worker\'s payload re-encoded as province_admin, its signature kept', async () => {
    const workerToken = await province.token({ role: 'worker', sub: 'w-tamper' });
    // The genuine worker token authenticates (403: a worker may not read orgs), so the 401 below is the tampering.
    expectProblem(await getRoot(`Bearer ${workerToken}`), 403, 'genuine worker token');
    const [header, payload, signature] = workerToken.split('.') as [string, string, string];
    const claimsOf = decodeJson(payload);
    for (const [label, changed] of [
      ['role', { ...claimsOf, role: 'province_admin' }],
      ['role and sub', { ...claimsOf, role: 'province_admin', sub: 'admin' }],
      ['exp pushed out', { ...claimsOf, exp: claimsOf.exp + 365 * 86_400 }],
    ] as const) {
      expectUnauthorized(await getRoot(`Bearer ${header}.${b64json(changed)}.${signature}`), `tampered ${label}`);
    }
    // The same payload with other whitespace is other bytes: refused as well.
    expectUnauthorized(await getRoot(`Bearer ${header}.${Buffer.from(JSON.stringify(claimsOf, null, 1)).toString('base64url')}.${signature}`), 're-spaced payload');
  });

  it('are refused when signed by another key, with the issuer\'s kid or the key carried in the header', async () => {
    await control();
    const es = await generateKeyPair('ES256', { extractable: true });
    const rs = await generateKeyPair('RS256', { extractable: true });
    const attackerJwk = await exportJWK(es.publicKey);
    const cases: [string, Promise<string>][] = [
      ['another ES256 key, same kid', sign(claims(), {}, es.privateKey)],
      ['an RS256 key, same kid', sign(claims(), { alg: 'RS256' }, rs.privateKey)],
      ['another key, no kid', new SignJWT(claims()).setProtectedHeader({ alg: 'ES256' }).sign(es.privateKey)],
      ['another key, embedded as jwk', new SignJWT(claims()).setProtectedHeader({ alg: 'ES256', jwk: attackerJwk }).sign(es.privateKey)],
      ['another key, named by jku', sign(claims(), { jku: 'http://127.0.0.1:1/jwks.json' }, es.privateKey)],
      ['an unknown kid', sign(claims(), { kid: 'attacker-key' }, es.privateKey)],
    ];
    for (const [label, token] of cases) expectUnauthorized(await getRoot(`Bearer ${await token}`), label);
  });

  it('are refused when genuinely signed but with claims no role may have', async () => {
    await control();
    const cases: [string, JWTPayload][] = [
      ['an account role', { role: 'partner', accountId: 'acc_x' }],
      ['an org admin without orgId', { role: 'org_admin' }],
      ['an unknown role', { role: 'root' }],
      ['no sub', { sub: undefined }],
    ];
    for (const [label, overrides] of cases) {
      const payload = Object.fromEntries(Object.entries(claims(overrides)).filter(([, value]) => value !== undefined));
      expectUnauthorized(await getRoot(`Bearer ${await sign(payload)}`), label);
    }
  });

  it('are refused as garbage: no token, a malformed one, no scheme, another scheme, two tokens', async () => {
    await control();
    const valid = await sign(claims());
    for (const authorization of [
      'Bearer ',
      'Bearer',
      'Bearer a.b',
      'Bearer a.b.c',
      'Bearer ..',
      `Bearer ${valid.split('.').slice(0, 2).join('.')}`,
      valid,
      `Basic ${Buffer.from('admin:admin').toString('base64')}`,
      `Token ${valid}`,
      `Bearer ${valid} ${valid}`,
      `Bearer ${valid}.`,
    ]) {
      expectUnauthorized(await getRoot(authorization), authorization.slice(0, 40));
    }
    expectUnauthorized(await province.request('GET', root(), { headers: {} }), 'no Authorization header');
  });
});

describe('join-link tokens', () => {
  const joinBody = (joinToken: string) => {
    const n = seed++;
    return { joinToken, name: '张伟', mobile: validMobile(n), idNumber: validIdNumber(n), occupation: 'food_delivery', regionCode: '350203', consent: { version: '2026-01', accepted: true } };
  };
  const newWorker = (ttlSeconds?: number) => province.issuer.mint({ role: 'worker', sub: `w-${seed++}` }, ttlSeconds);

  async function mintLink(body: Record<string, unknown> = {}) {
    const response = await as(staff.siming!, 'POST', `/v1/orgs/${orgs.siming!.id}/join-links`, body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { token: string; expiresAt: string };
  }

  /** A worker joins with the token and is refused as the join handler refuses a bad link, and holds no membership after. */
  async function expectRefusedJoin(joinToken: string, label: string, worker?: string) {
    const token = worker ?? (await newWorker());
    const response = await as(token, 'POST', '/v1/memberships', joinBody(joinToken));
    expectProblem(response, 400, label);
    expect(response.body.errors, label).toEqual([{ path: 'body.joinToken', message: 'is not a valid join link, or it has expired or been revoked' }]);
    expectProblem(await as(token, 'GET', '/v1/memberships/me'), 404, `${label}: no membership`);
  }

  /** The control: a worker joins with the token (201) and holds a membership of the link's org. */
  async function expectJoined(joinToken: string, worker?: string) {
    const token = worker ?? (await newWorker());
    const response = await as(token, 'POST', '/v1/memberships', joinBody(joinToken));
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const mine = await as(token, 'GET', '/v1/memberships/me');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ id: response.body.id, orgId: orgs.siming!.id });
  }

  it('are refused with one character altered, or with claims re-encoded under the genuine signature', async () => {
    const { token } = await mintLink();
    const [payload, signature] = token.split('.') as [string, string];
    const other = (await mintLink()).token.split('.')[1]!;
    const cases: [string, string][] = [
      ['first payload character', `${alterAt(payload, 0)}.${signature}`],
      ['a middle payload character', `${alterAt(payload, Math.floor(payload.length / 2))}.${signature}`],
      ['last payload character', `${alterAt(payload, -1)}.${signature}`],
      ['a middle signature character', `${payload}.${alterAt(signature, Math.floor(signature.length / 2))}`],
      ['last signature character', `${payload}.${alterAt(signature, -1)}`],
      ['another org in the claims', `${b64json({ ...decodeJson(payload), orgId: orgs.huli!.id })}.${signature}`],
      ['expiry pushed out in the claims', `${b64json({ ...decodeJson(payload), expiresAt: decodeJson(payload).expiresAt + 365 * 86_400 })}.${signature}`],
      ['another link\'s signature', `${payload}.${other}`],
      ['no signature', `${payload}.`],
      ['an extra part', `${token}.${signature}`],
    ];
    for (const [label, altered] of cases) await expectRefusedJoin(altered, label);
    await expectJoined(token);
  });

  it('are refused once revoked, though the same link worked a moment before', async () => {
    const { token } = await mintLink();
    await expectJoined(token);
    expect((await as(staff.siming!, 'DELETE', `/v1/orgs/${orgs.siming!.id}/join-links/${token}`)).status).toBe(204);
    await expectRefusedJoin(token, 'revoked');
  });

  it('are refused once expired (the clock moved past expiresAt), and still work before', async () => {
    // The shortest expiry the API mints is a day; the process clock is moved rather than waited on.
    const link = await mintLink({ expiresInDays: 1 });
    const { token } = link;
    const expiresAt: number = decodeJson(token.split('.')[0]!).expiresAt;
    expect(link.expiresAt).toBe(new Date(expiresAt * 1000).toISOString());
    expect(expiresAt * 1000 - Date.now()).toBeLessThanOrEqual(86_400_000);
    await expectJoined(token);
    const late = await newWorker(3 * 86_400);
    const early = await newWorker(3 * 86_400);
    await atTime(expiresAt * 1000 - 60_000, () => expectJoined(token, early));
    await atTime(expiresAt * 1000 + 1000, () => expectRefusedJoin(token, 'expired', late));
  });
});

describe('fair check-in tokens', () => {
  const fairPath = (fairId: string) => `/v1/fairs/${fairId}`;
  const checkIn = (fairId: string, worker: string, checkinToken: string) => as(worker, 'POST', `${fairPath(fairId)}/checkins`, { checkinToken });
  const checkins = async (fairId: string) => (await as(adminToken, 'GET', `${fairPath(fairId)}/stats`)).body.checkins as number;
  const newWorker = () => province.token({ role: 'worker', sub: `w-${seed++}` });

  /** An on-site fair of 思明区 that began an hour ago and ends `endsInMs` from its creation. */
  async function createFair(endsInMs: number, title = '思明区新就业形态劳动者专场招聘会') {
    // The jobs service learns of orgs by event: the org is found a moment after it is created.
    return eventually(async () => {
      const now = Date.now();
      const body = { orgId: orgs.siming!.id, title, startsAt: new Date(now - 3600_000).toISOString(), endsAt: new Date(now + endsInMs).toISOString(), venue: '思明区工人文化宫', online: false };
      const response = await as(staff.siming!, 'POST', '/v1/fairs', body);
      return response.status === 201 ? { id: response.body.id as string, endsAt: Date.parse(response.body.endsAt) } : undefined;
    });
  }

  async function mintCheckinLink(fairId: string) {
    const response = await as(staff.siming!, 'POST', `${fairPath(fairId)}/checkin-links`);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.token as string;
  }

  const expectRefused = (response: ApiResponse, label: string) => {
    expectProblem(response, 400, label);
    expect(response.body.errors, label).toEqual([{ path: 'body.checkinToken', message: 'is not a check-in code of this fair' }]);
  };

  it('are refused with one character altered, or from another fair; the genuine one is accepted once', async () => {
    const fair = (await createFair(5 * 3600_000)).id;
    const other = (await createFair(5 * 3600_000, '思明区第二场专场招聘会')).id;
    const token = await mintCheckinLink(fair);
    const otherToken = await mintCheckinLink(other);
    const me = await newWorker();
    for (const [label, altered] of [
      ['first character', alterAt(token, 0)],
      ['a middle character', alterAt(token, Math.floor(token.length / 2))],
      ['last character', alterAt(token, -1)],
      ['one character more', `${token}A`],
      ['one character fewer', token.slice(0, -1)],
      ['another fair\'s code', otherToken],
      ['the code\'s stored hash', createHash('sha256').update(token, 'utf8').digest('base64url')],
    ]) {
      expectRefused(await checkIn(fair, me, altered!), label!);
    }
    expectRefused(await checkIn(other, me, token), 'this fair\'s code at the other fair');
    expect(await checkins(fair)).toBe(0);
    expect(await checkins(other)).toBe(0);

    // The control: the genuine code checks the same worker in (201: none of the refusals wrote a check-in).
    const accepted = await checkIn(fair, me, token);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body).toMatchObject({ fairId: fair, firstTime: true });
    expect((await checkIn(fair, me, token)).body).toMatchObject({ firstTime: false });
    expect(await checkins(fair)).toBe(1);
  });

  it('are refused once the fair has ended (a code works until then), with 409', async () => {
    const { id: fair, endsAt } = await createFair(4000);
    const token = await mintCheckinLink(fair);
    expect((await checkIn(fair, await newWorker(), token)).status).toBe(201);
    await sleep(Math.max(0, endsAt - Date.now()) + 250);
    expectProblem(await checkIn(fair, await newWorker(), token), 409, 'after the fair ended');
    expectProblem(await as(staff.siming!, 'POST', `${fairPath(fair)}/checkin-links`), 409, 'a new code after the fair ended');
    expect(await checkins(fair)).toBe(1);
  });
});

describe('API keys', () => {
  const withKey = (key: string, method = 'GET', path = '/v1/accounts/me', body?: unknown) => province.request(method, path, { body, headers: { 'x-api-key': key } });

  async function newAccount() {
    const response = await as(adminToken, 'POST', '/v1/accounts', { kind: 'partner', name: `闽送即配${seed}`, creditCode: validCreditCode(seed++) });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; apiKey: string };
  }

  async function rotate(accountId: string, keepPreviousForHours: number) {
    const response = await as(adminToken, 'POST', `/v1/accounts/${accountId}/keys`, { keepPreviousForHours });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.apiKey as string;
  }

  const expectOwner = async (key: string, accountId: string) => {
    const response = await withKey(key);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.id).toBe(accountId);
  };

  it('stop working at once when rotated with no overlap; the new key works', async () => {
    const account = await newAccount();
    await expectOwner(account.apiKey, account.id);
    const fresh = await rotate(account.id, 0);
    expectUnauthorized(await withKey(account.apiKey), 'rotated-out key');
    const write = await withKey(account.apiKey, 'POST', '/v1/rosters', { mode: 'delta', asOf: new Date().toISOString() });
    expectUnauthorized(write, 'rotated-out key on a write');
    await expectOwner(fresh, account.id);
  });

  it('stop working when the overlap a rotation allowed runs out (the clock moved past it)', async () => {
    const account = await newAccount();
    const rotatedAt = Date.now();
    const fresh = await rotate(account.id, 1);
    await expectOwner(account.apiKey, account.id);
    await atTime(rotatedAt + 3600_000 - 60_000, () => expectOwner(account.apiKey, account.id));
    await atTime(rotatedAt + 3600_000 + 60_000, async () => {
      expectUnauthorized(await withKey(account.apiKey), 'retired key');
      await expectOwner(fresh, account.id);
    });
  });

  it('are refused with one character changed, or anything but the key itself', async () => {
    const account = await newAccount();
    const key = account.apiKey;
    await expectOwner(key, account.id);
    const flipCase = (text: string, i: number) => text.slice(0, i) + (text[i] === text[i]!.toUpperCase() ? text[i]!.toLowerCase() : text[i]!.toUpperCase()) + text.slice(i + 1);
    const letterAt = [...key].findIndex((char, i) => i > 4 && /[a-z]/i.test(char));
    for (const [label, altered] of [
      ['last character', alterAt(key, -1)],
      ['a middle character', alterAt(key, Math.floor(key.length / 2))],
      ['first character after the prefix', alterAt(key, 4)],
      ['one letter\'s case', flipCase(key, letterAt)],
      ['one character more', `${key}A`],
      ['one character fewer', key.slice(0, -1)],
      ['the prefix alone', 'ugk_'],
      ['the stored hash', createHash('sha256').update(key, 'utf8').digest('hex')],
    ] as const) {
      expectUnauthorized(await withKey(altered), label);
    }
  });

  it('are refused together with a bearer token: two credentials are none', async () => {
    const account = await newAccount();
    await expectOwner(account.apiKey, account.id);
    const response = await province.request('GET', '/v1/accounts/me', { headers: { 'x-api-key': account.apiKey, ...bearer(adminToken) } });
    expectUnauthorized(response, 'API key and bearer token');
  });
});
