import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does to one request:
 * - `throttle`: answers `ProvisionedThroughputExceededException` without forwarding, as DynamoDB
 *   does to a request over a partition's throughput (the SDK retries it a few times);
 * - `half`: forwards only the first half of a BatchWriteItem's writes or a BatchGetItem's keys
 *   and answers the rest as UnprocessedItems / UnprocessedKeys, as DynamoDB does to a batch it
 *   throttles in part (the caller must send them again).
 */
export type Fault = 'throttle' | 'half';

/** Picks a fault (or none) for a request: its operation (`BatchWriteItem`) and the SDK's attempt number (1 for a first try). */
export type FaultPolicy = (request: { operation: string; attempt: number }) => Fault | undefined;

export interface FaultyDynamo {
  /** The endpoint to give a province instead of DynamoDB Local's. */
  url: string;
  /** Sets the policy for the requests that follow (none: every request passes untouched). */
  inject(policy: FaultPolicy | undefined): void;
  /** Faults injected so far, by operation and kind, e.g. `BatchWriteItem half`. */
  injected: Map<string, number>;
  close(): Promise<void>;
}

const THROUGHPUT_EXCEEDED = JSON.stringify({
  __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
  message: 'The level of configured provisioned throughput for the table was exceeded. (injected by the test)',
});

type Json = Record<string, any>;

/** The request with half of each table's batch, and the other half as DynamoDB leaves it unprocessed. */
function halve(operation: string, body: Json): { forwarded: Json; unprocessed: Json } | undefined {
  const forwarded: Json = {};
  const unprocessed: Json = {};
  let split = false;
  for (const [table, entry] of Object.entries(body.RequestItems as Json)) {
    // A BatchWriteItem's table entry is its list of writes; a BatchGetItem's holds `Keys`.
    const items: unknown[] = operation === 'BatchWriteItem' ? entry : entry.Keys;
    const withItems = (part: unknown[]) => (operation === 'BatchWriteItem' ? part : { ...entry, Keys: part });
    const keep = Math.ceil(items.length / 2);
    forwarded[table] = withItems(items.slice(0, keep));
    if (keep < items.length) {
      unprocessed[table] = withItems(items.slice(keep));
      split = true;
    }
  }
  return split ? { forwarded: { ...body, RequestItems: forwarded }, unprocessed } : undefined;
}

/**
 * A proxy in front of DynamoDB Local that injects the faults real DynamoDB produces under load,
 * at the protocol level: the code under test runs unchanged, with its real SDK retries.
 */
export async function faultyDynamo(target: string): Promise<FaultyDynamo> {
  let policy: FaultPolicy | undefined;
  const injected = new Map<string, number>();
  const count = (operation: string, fault: Fault) => injected.set(`${operation} ${fault}`, (injected.get(`${operation} ${fault}`) ?? 0) + 1);

  async function forward(request: IncomingMessage, body: string): Promise<{ status: number; headers: Headers; text: string }> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name)) headers[name] = value;
    }
    const response = await fetch(`${target}${request.url ?? '/'}`, { method: request.method, headers, body: request.method === 'GET' ? undefined : body });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  function reply(response: ServerResponse, status: number, text: string, contentType = 'application/x-amz-json-1.0') {
    // No x-amz-crc32: the body may differ from what DynamoDB Local sent, and the SDK checks the header only when present.
    response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
    response.end(text);
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const [service = '', operation = ''] = String(request.headers['x-amz-target'] ?? '').split('.');
    const attempt = Number(/attempt=(\d+)/.exec(String(request.headers['amz-sdk-request'] ?? ''))?.[1] ?? 1);
    // Streams (the relay's reads) pass untouched: the faults are the table's.
    const fault = service === 'DynamoDB_20120810' ? policy?.({ operation, attempt }) : undefined;
    if (fault === 'throttle') {
      count(operation, fault);
      return reply(response, 400, THROUGHPUT_EXCEEDED);
    }
    const halved = fault === 'half' && (operation === 'BatchWriteItem' || operation === 'BatchGetItem') ? halve(operation, JSON.parse(body)) : undefined;
    if (halved) {
      count(operation, 'half');
      const answer = await forward(request, JSON.stringify(halved.forwarded));
      if (answer.status !== 200) return reply(response, answer.status, answer.text);
      const parsed = JSON.parse(answer.text) as Json;
      const field = operation === 'BatchWriteItem' ? 'UnprocessedItems' : 'UnprocessedKeys';
      return reply(response, 200, JSON.stringify({ ...parsed, [field]: { ...parsed[field], ...halved.unprocessed } }));
    }
    const answer = await forward(request, body);
    reply(response, answer.status, answer.text, answer.headers.get('content-type') ?? undefined);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => reply(response, 502, JSON.stringify({ message: error.message }), 'application/json'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    inject: (next) => (policy = next),
    injected,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
