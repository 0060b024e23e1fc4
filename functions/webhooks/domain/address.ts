import { BlockList, isIP } from 'node:net';
import { InvalidInputError } from '../../../shared/errors.js';

/**
 * Where a webhook may point (SSRF): only public addresses, judged on the addresses a name
 * resolves to, never on the name. Pure rules; the resolver is a port.
 */

/**
 * Ranges no webhook may reach: private, shared (CGNAT), loopback, link-local (cloud metadata),
 * unspecified, reserved, multicast. One list per family: a BlockList matches IPv4 addresses
 * against IPv6 rules of their mapped form, so one list refusing `::ffff:0:0/96` refuses all IPv4.
 */
const refusedV4 = new BlockList();
const refusedV6 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local: 169.254.169.254 is the instance metadata service
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and broadcast
] as const) refusedV4.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  // ::/96 holds :: (unspecified), ::1 (loopback) and the old IPv4-compatible form; ::ffff:0:0/96
  // is IPv4-mapped: refused whole rather than trusting each mapped address to be judged as IPv4.
  ['::', 96],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96], // NAT64: reaches IPv4 behind the translator
  ['2002::', 16], // 6to4: embeds an IPv4 address
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) refusedV6.addSubnet(network, prefix, 'ipv6');

/** Whether an IP address is one a webhook may be sent to. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return family === 4 ? !refusedV4.check(address, 'ipv4') : !refusedV6.check(address, 'ipv6');
}

/** What the deployment allows beyond public https: the local runtime's loopback receivers. */
export interface AddressPolicy {
  /** `http://127.0.0.1:<port>` is accepted: set by the local runtime only, never in a deployed stack. */
  allowLocalLoopback: boolean;
}

/** Resolves a host name to every address it has (A and AAAA). A port: tests stub it; these machines have no DNS. */
export type Resolver = (hostname: string) => Promise<string[]>;

/** Where to connect: the URL as the receiver knows it, and the one address that was checked. */
export interface Target {
  url: URL;
  address: string;
  family: 4 | 6;
}

const MAX_URL_LENGTH = 2048;

const refuse = (message: string) => InvalidInputError.field('body.url', message);

/** A URL's host as an address, when it is an IP literal (`[::1]` without its brackets). */
const literalAddress = (hostname: string): string | undefined => {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? bare : undefined;
};

/** The local runtime's one exception: plain http to 127.0.0.1 with a port, where a partner tries a receiver. */
const isLocalLoopback = (url: URL, policy: AddressPolicy) =>
  policy.allowLocalLoopback && url.protocol === 'http:' && url.hostname === '127.0.0.1' && url.port !== '';

/**
 * The shape of a webhook URL, before any resolution: absolute, https (or the local loopback
 * exception), no credentials in it. Throws a 400 naming `body.url`.
 */
export function parseWebhookUrl(raw: string, policy: AddressPolicy): URL {
  if (raw.length > MAX_URL_LENGTH) throw refuse(`must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('must be an absolute https URL');
  }
  if (url.username || url.password) throw refuse('must not carry credentials');
  if (url.protocol !== 'https:' && !isLocalLoopback(url, policy)) throw refuse('must be https');
  return url;
}

/**
 * Checks a webhook URL and picks the address to connect to: the URL's shape, then every
 * address its host resolves to (an IP literal is its own), each of which must be public (a
 * name with one private address among public ones is refused: the connection could land on
 * it). Run when the URL is set and again before every delivery; the delivery connects to the
 * address returned, so a name that resolves elsewhere between check and connection cannot
 * redirect it. Throws a 400 naming `body.url`.
 */
export async function checkTarget(raw: string, policy: AddressPolicy, resolve: Resolver): Promise<Target> {
  const url = parseWebhookUrl(raw, policy);
  const literal = literalAddress(url.hostname);
  if (literal !== undefined && isLocalLoopback(url, policy)) return { url, address: literal, family: 4 };
  let addresses: string[];
  try {
    addresses = literal !== undefined ? [literal] : await resolve(url.hostname);
  } catch {
    throw refuse('its host does not resolve');
  }
  if (addresses.length === 0) throw refuse('its host does not resolve');
  if (!addresses.every(isPublicAddress)) throw refuse('must reach a public address (private, loopback, link-local and reserved ones are refused)');
  const address = addresses[0]!;
  return { url, address, family: isIP(address) === 6 ? 6 : 4 };
}
