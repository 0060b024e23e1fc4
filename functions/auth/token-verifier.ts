import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { TokenClaimsSchema, type TokenClaims } from './domain/credentials.js';

/**
 * Verifies JWTs against the province's issuer: signature by a key of the configured JWKS
 * (`JWT_JWKS_URL`, or inline `JWT_JWKS` for the local runtime's own key pair), issuer,
 * audience and expiry. Returns undefined for any token that fails.
 */
export function makeTokenVerifier(env: NodeJS.ProcessEnv = process.env) {
  const issuer = env.JWT_ISSUER;
  const audience = env.JWT_AUDIENCE;
  if (!issuer || !audience) throw new Error('JWT_ISSUER and JWT_AUDIENCE must be set');
  const keys: JWTVerifyGetKey = env.JWT_JWKS
    ? createLocalJWKSet(JSON.parse(env.JWT_JWKS))
    : createRemoteJWKSet(new URL(env.JWT_JWKS_URL ?? `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`));

  return async (token: string): Promise<TokenClaims | undefined> => {
    try {
      const { payload } = await jwtVerify(token, keys, { issuer, audience, algorithms: ['ES256', 'RS256'] });
      const claims = TokenClaimsSchema.safeParse(payload);
      return claims.success ? claims.data : undefined;
    } catch {
      return undefined;
    }
  };
}
