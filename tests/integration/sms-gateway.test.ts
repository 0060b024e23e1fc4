import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hmacMacCheck, verifySmsGatewayRequest } from '../../examples/sms-gateway/verify.js';
import { tableEnvVar } from '../../shared/config.js';
import { localSmsGatewaySecret } from '../../shared/sms-gateway.js';
import { validIdNumber, validMobile } from '../helpers/identity.js';
import { seedOrgTree } from '../helpers/org-tree.js';
import { startTestProvince, type ApiResponse, type TestProvince } from '../helpers/province.js';

/**
 * A China-region province sends its verification codes through its HTTPS SMS gateway (ADR
 * 0028): here a gateway on 127.0.0.1 that checks each request with the example verifier, as a
 * vendor's adapter would, and answers as the test tells it to.
 */
let province: TestProvince;
let gateway: Server;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
/** How the gateway answers the next requests; `hang` never answers. */
let answer: { status: number; headers?: Record<string, string> } | 'hang' = { status: 202 };
const hanging: ServerResponse[] = [];
const orgs: Record<string, { id: string }> = {};
const staff: Record<string, string> = {};
let seed = 8100;

const worker = () => province.token({ role: 'worker', sub: `w-${seed++}` });
const askForCode = async (token: string, mobile: string) =>
  province.request('POST', '/v1/verifications/mobile', { body: { mobile }, headers: { authorization: `Bearer ${token}` } });
const expectProblem = (response: ApiResponse, status: number) => {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
};

async function verificationsStored(): Promise<number> {
  const client = new DynamoDBClient({ endpoint: province.env.AWS_ENDPOINT_URL_DYNAMODB });
  const { Items = [] } = await client.send(new ScanCommand({ TableName: province.env[tableEnvVar('memberships')], FilterExpression: 'begins_with(pk, :v)', ExpressionAttributeValues: { ':v': { S: 'VERIFICATION#' } } }));
  client.destroy();
  return Items.length;
}

beforeAll(async () => {
  gateway = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (answer === 'hang') return void hanging.push(response);
      response.writeHead(answer.status, answer.headers).end();
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  province = await startTestProvince({ smsGatewayUrl: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/v1/messages` });
  await seedOrgTree(province, await province.token({ role: 'province_admin', sub: 'admin' }), { orgs, staff });
});

beforeEach(() => {
  answer = { status: 202 };
  received.length = 0;
});

afterAll(async () => {
  for (const response of hanging) response.destroy();
  await province?.stop();
  await new Promise((resolve) => gateway?.close(resolve));
});

describe('POST /v1/verifications/mobile through the SMS gateway', () => {
  it('sends the code as a signed request the gateway verifies, and the code it carries proves the mobile at join', async () => {
    const token = await worker();
    const mobile = validMobile(seed++);
    const sent = await askForCode(token, mobile);
    expect(sent.status).toBe(202);
    expect(received).toHaveLength(1);
    const [request] = received as [(typeof received)[0]];
    const verdict = await verifySmsGatewayRequest({ check: hmacMacCheck(localSmsGatewaySecret(province.env.LOCAL_KEYRING!)), headers: request.headers, body: request.body });
    expect(verdict).toEqual({
      ok: true,
      id: sent.body.verificationId,
      duplicate: false,
      request: { to: mobile, template: 'verification-code', params: { code: expect.stringMatching(/^\d{6}$/), minutes: '5' }, text: expect.any(String), idempotencyKey: sent.body.verificationId },
    });
    // A request signed with another key, or altered on the way, is refused by the same check.
    expect(await verifySmsGatewayRequest({ check: hmacMacCheck(Buffer.alloc(32)), headers: request.headers, body: request.body })).toEqual({ ok: false, reason: 'bad signature' });
    // Nothing went to the local outbox: the gateway is the only way out.
    expect((await province.request('GET', `/local/sms?mobile=${mobile}`)).body.items).toEqual([]);

    const link = await province.request('POST', `/v1/orgs/${orgs.siming!.id}/join-links`, { body: {}, headers: { authorization: `Bearer ${staff.siming}` } });
    const code = verdict.ok ? verdict.request.params.code : '';
    const joined = await province.request('POST', '/v1/memberships', {
      headers: { authorization: `Bearer ${token}` },
      body: {
        joinToken: link.body.token,
        name: '张伟',
        mobile,
        idNumber: validIdNumber(seed++),
        occupation: 'food_delivery',
        regionCode: '350203',
        consent: { version: '2026-01', accepted: true },
        mobileVerification: { verificationId: sent.body.verificationId, code },
      },
    });
    expect(joined.status, JSON.stringify(joined.body)).toBe(201);
  });

  it('answers 400 naming body.mobile when the gateway refuses the number (422), and keeps nothing: the next request is not held back', async () => {
    const token = await worker();
    const mobile = validMobile(seed++);
    const stored = await verificationsStored();
    answer = { status: 422 };
    const refused = await askForCode(token, mobile);
    expectProblem(refused, 400);
    expect(refused.body.errors).toEqual([{ path: 'body.mobile', message: expect.stringContaining('cannot receive SMS') }]);
    expect(await verificationsStored()).toBe(stored);
    answer = { status: 202 };
    expect((await askForCode(token, mobile)).status).toBe(202);
  });

  it.each([
    ['is busy (503 with its Retry-After)', { status: 503, headers: { 'retry-after': '7' } }, '7'],
    ['refuses our signature (401)', { status: 401 }, '30'],
    ['fails (500)', { status: 500 }, '30'],
    ['never answers', 'hang' as const, '30'],
  ])('answers 503 with Retry-After when the gateway %s, and keeps nothing', async (_, gatewayAnswer, retryAfter) => {
    const token = await worker();
    const mobile = validMobile(seed++);
    const stored = await verificationsStored();
    answer = gatewayAnswer;
    const unavailable = await askForCode(token, mobile);
    expectProblem(unavailable, 503);
    expect(unavailable.headers.get('retry-after')).toBe(retryAfter);
    expect(await verificationsStored()).toBe(stored);
    answer = { status: 202 };
    expect((await askForCode(token, mobile)).status).toBe(202);
  });
});
