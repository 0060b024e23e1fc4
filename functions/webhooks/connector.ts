import { lookup } from 'node:dns/promises';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Resolver, Target } from './domain/address.js';
import type { AttemptOutcome } from './domain/delivery.js';

/** Posts a delivery to a checked target. A port: tests that must not reach the network stub it. */
export type Connector = (target: Target, headers: Record<string, string>, body: string, timeoutMs: number) => Promise<AttemptOutcome>;

/** Every address a name has, from the system resolver. */
export const systemResolver: Resolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * The connection goes to the address that was checked, whatever the name resolves to now: the
 * socket's lookup answers with it, while the URL keeps the host name for the Host header and
 * for TLS (SNI and certificate checks).
 */
const pinnedLookup = (target: Target): LookupFunction => (_hostname, options, callback) => {
  if (options.all) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
  else callback(null, target.address, target.family);
};

/** Not a fixed list of reasons: what a receiver's operator reads in the delivery log. */
const reasonOf = (error: Error & { code?: string }) => (error.code ? `connection failed (${error.code})` : 'connection failed');

/**
 * POSTs with node:http(s), no redirects followed (a redirect is an answer, and not a 2xx), the
 * answer's body drained and ignored, and the whole exchange cut at `timeoutMs`.
 */
export const httpConnector: Connector = (target, headers, body, timeoutMs) =>
  new Promise((resolve) => {
    const options: RequestOptions = { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'union-gig-services-webhooks' }, lookup: pinnedLookup(target) };
    const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(target.url, options, (response) => {
      response.resume();
      response.on('end', () => resolve({ statusCode: response.statusCode ?? 0 }));
      response.on('error', () => resolve({ statusCode: response.statusCode ?? 0 }));
    });
    const timer = setTimeout(() => {
      request.destroy();
      resolve({ error: `no answer within ${timeoutMs / 1000} s` });
    }, timeoutMs);
    request.on('error', (error) => resolve({ error: reasonOf(error) }));
    request.on('close', () => clearTimeout(timer));
    request.end(body);
  });
