import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { fileURLToPath } from 'node:url';
import { gatewayProblem, problemResponse } from '../../../shared/http/problem.js';
import { ASSETS_PATH, SITE_FOLDER, staticSite, type StaticSite } from '../../../web/site.js';

/**
 * The web pages where the API serves them (`web.hosting: 'api'`, ADR 0032): every page and asset
 * route of the stack invokes this one public function. The path is rebuilt from the route and its
 * `{file}` parameter, not taken from the request line, so a base path of the custom domain cannot
 * change what is served; a file the build lacks, or a name that would leave the folder, is the
 * same 404 problem the API answers for a path it does not have, as the local gateway answers it.
 */
export function serveSite(site: StaticSite) {
  return async (event: Pick<APIGatewayProxyEvent, 'resource' | 'pathParameters'>): Promise<APIGatewayProxyResult> => {
    const pathname = event.resource === ASSETS_PATH ? `/assets/${event.pathParameters?.file ?? ''}` : event.resource;
    return site(pathname) ?? problemResponse(gatewayProblem('MISSING_AUTHENTICATION_TOKEN'));
  };
}

// The pages may fetch from the province's identity provider, another origin (its CSP says so).
export const handler = serveSite(staticSite(fileURLToPath(new URL(SITE_FOLDER, import.meta.url)), process.env.JWT_ISSUER));
