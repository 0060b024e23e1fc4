import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { TokenClaimsSchema, type TokenClaims } from './domain/credentials.js';

/**
 * How far the issuer's clock may run ahead of ours: `exp` and `nbf` are given this much slack,
 * and `iat` may be this far in the future, but no further.
 */
export const CLOCK_TOLERANCE_SECONDS = 60;

/**
 * Verifies JWTs against the province's issuer: signature by a key of the configured JWKS
 * (`JWT_JWKS_URL`, or inline `JWT_JWKS` for the local runtime's own key pair), issuer,
 * audience and expiry. A token must carry `exp` (one without would be valid forever once
 * leaked), and an `iat` in the future means a forged or mis-minted token. Returns undefined for
 * any token that fails.
 */
export function makeTokenVerifier(env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()) {
  const issuer = env.JWT_ISSUER;
  const audience = env.JWT_AUDIENCE;
  if (!issuer || !audience) throw new Error('JWT_ISSUER and JWT_AUDIENCE must be set');
  const keys: JWTVerifyGetKey = env.JWT_JWKS
    ? createLocalJWKSet(JSON.parse(env.JWT_JWKS))
    : createRemoteJWKSet(new URL(env.JWT_JWKS_URL ?? `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`));

  return async (token: string): Promise<TokenClaims | undefined> => {
    try {
      const currentDate = now();
      const { payload } = await jwtVerify(token, keys, {
        issuer,
        audience,
        algorithms: ['ES256', 'RS256'],
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate,
      });
      // jose checks a future `iat` only together with `maxTokenAge`, which would also make `iat`
      // required of every issuer; checking it here refuses a future `iat` wherever one is given.
      if (typeof payload.iat === 'number' && payload.iat > currentDate.getTime() / 1000 + CLOCK_TOLERANCE_SECONDS) return undefined;
      const claims = TokenClaimsSchema.safeParse(payload);
      return claims.success ? claims.data : undefined;
    } catch {
      return undefined;
    }
  };
}
