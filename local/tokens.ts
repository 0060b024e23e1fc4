import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { TokenClaimsSchema } from '../functions/auth/domain/credentials.js';
import { InvalidInputError } from '../shared/errors.js';
import { toProblem } from '../shared/http/middleware/problem-details.js';
import { problemResponse } from '../shared/http/problem.js';
import { ok } from '../shared/http/responses.js';
import { fieldErrors } from '../shared/validation.js';

export const LOCAL_AUDIENCE = 'union-services';

/** The local issuer's signing key: a real ES256 pair, so the authorizer verifies as deployed. */
export interface LocalIssuer {
  issuer: string;
  /** The public JWKS, handed to the authorizer as `JWT_JWKS`. */
  jwks: { keys: JWK[] };
  /** The private signing key, which the local identity provider signs its tokens with too. */
  signingJwk: JWK;
  mint(claims: z.infer<typeof TokenClaimsSchema>, ttlSeconds?: number): Promise<string>;
}

/** Loads the key pair kept at `keyFile`, or makes one (and keeps it there when a file is given). */
export async function localIssuer(issuer: string, keyFile?: string): Promise<LocalIssuer> {
  let privateJwk: JWK;
  if (keyFile && existsSync(keyFile)) {
    privateJwk = JSON.parse(readFileSync(keyFile, 'utf8'));
  } else {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: `local-${Date.now()}`, alg: 'ES256' };
    if (keyFile) {
      mkdirSync(dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
    }
  }
  const { d: _private, ...publicJwk } = privateJwk;
  const signingKey = await importJWK(privateJwk, 'ES256');
  return {
    issuer,
    jwks: { keys: [publicJwk] },
    signingJwk: privateJwk,
    async mint(claims, ttlSeconds = 12 * 3600) {
      return new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid! })
        .setIssuer(issuer)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(signingKey);
    },
  };
}

/** `POST /local/tokens` `{sub, role, orgId?}` → `{token}`: served by the local gateway only. */
export const tokenRoute = (issuer: LocalIssuer) => async (body: unknown) => {
  const claims = TokenClaimsSchema.safeParse(body);
  if (!claims.success) return problemResponse(toProblem(new InvalidInputError(fieldErrors('body', claims.error)), 'local'));
  return ok({ token: await issuer.mint(claims.data) });
};
