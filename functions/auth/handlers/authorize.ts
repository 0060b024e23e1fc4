import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { findRoute } from '../../services.js';
import { isMetered } from '../../../shared/topology.js';
import { hashApiKey } from '../../../shared/auth/api-key.js';
import { callerContext, type Caller } from '../../../shared/auth/caller.js';
import { logger } from '../../../shared/logger.js';
import { findKeyOwner } from '../../platform-ports.js';
import { callerFromAccount, callerFromClaims, isAllowed, presentedCredential } from '../domain/credentials.js';
import { makeTokenVerifier } from '../token-verifier.js';

const verifyToken = makeTokenVerifier();
const keyOwnerOf = findKeyOwner();

/** The caller, and for an account its usage key (JWT callers have none: stage throttling bounds them). */
async function authenticate(headers: Record<string, string | undefined>): Promise<{ caller: Caller; usageKey?: string } | undefined> {
  const credential = presentedCredential(headers);
  if (!credential) return undefined;
  if (credential.kind === 'bearer') {
    const claims = await verifyToken(credential.token);
    return claims && { caller: callerFromClaims(claims) };
  }
  const owner = await keyOwnerOf(hashApiKey(credential.key));
  return owner && { caller: callerFromAccount(owner), ...(owner.usageKey ? { usageKey: owner.usageKey } : {}) };
}

// `usageIdentifierKey` names the API key (the API's key source is the authorizer) whose usage plan
// throttles the request, on the routes that require one.
const policy = ({ caller, usageKey }: { caller: Caller; usageKey?: string }, effect: 'Allow' | 'Deny', resource: string): APIGatewayAuthorizerResult => ({
  principalId: caller.principalId,
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] },
  context: callerContext(caller),
  ...(usageKey ? { usageIdentifierKey: usageKey } : {}),
});

/**
 * API Gateway's REQUEST authorizer: establishes the caller from a JWT or an API key (401 when
 * there is none or it does not verify: API Gateway answers 401 to the `Unauthorized` error)
 * and admits it only to routes whose allow-list in the topology names its role (403 otherwise).
 */
export const handler = async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
  const authenticated = await authenticate(event.headers ?? {});
  if (!authenticated) {
    logger.info('Credential refused', { route: `${event.httpMethod} ${event.resource}` });
    throw new Error('Unauthorized');
  }
  const route = findRoute(event.httpMethod, event.resource);
  const { caller } = authenticated;
  const allowed = route !== undefined && route.allow !== 'public' && isAllowed(route.allow, caller);
  if (!allowed) logger.info('Route denied', { route: `${event.httpMethod} ${event.resource}`, role: caller.role });
  // The gateway will refuse it (INVALID_API_KEY): the operator sees which account still needs
  // `npm run ops -- issue-usage-keys` (DEPLOY.md, "Upgrade").
  else if (isMetered(route) && !authenticated.usageKey) logger.warn('Account without a usage key on a metered route', { route: `${event.httpMethod} ${event.resource}`, principalId: caller.principalId });
  return policy(authenticated, allowed ? 'Allow' : 'Deny', event.methodArn);
};
