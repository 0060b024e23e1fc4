import { randomUUID } from 'node:crypto';
import { percentile, pool, timed, type BenchCase } from '../harness.js';
import { benchCreditCode, benchRoot } from './fixtures.js';

/** A REST API proxy event for `GET /v1/accounts/me`, as the gateway builds it. */
const proxyEvent = (apiKey: string, authorizer: Record<string, unknown> | null) => ({
  resource: '/v1/accounts/me',
  path: '/v1/accounts/me',
  httpMethod: 'GET',
  headers: { 'x-api-key': apiKey },
  multiValueHeaders: { 'x-api-key': [apiKey] },
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: null,
  stageVariables: null,
  body: null,
  isBase64Encoded: false,
  requestContext: { requestId: randomUUID(), resourcePath: '/v1/accounts/me', httpMethod: 'GET', authorizer },
});

/**
 * What the authorizer costs an authorized GET: the authorizer and the function, against the
 * function alone with the decision the authorizer made (what a cached decision would cost).
 * Both run in this process, so HTTP is out of both figures.
 */
export const authorizerCase: BenchCase = {
  name: 'authorized GET p95 vs cached decision',
  goal: { better: 'lower', ratio: 3 },
  async measure(context) {
    const { invoke } = context;
    if (!invoke) throw new Error('needs the province in this process (run without --url)');
    const admin = await context.token({ role: 'province_admin', sub: 'bench' });
    const account = await context.call('POST', '/v1/accounts', { token: admin, body: { kind: 'donor', name: '基准测试公司', creditCode: benchCreditCode() } });
    const { apiKey } = account.body;
    const decision = await invoke<{ principalId: string; context: Record<string, unknown> }>('auth/authorize', {
      type: 'REQUEST', methodArn: 'arn:aws:execute-api:local:0:local/local/GET/v1/accounts/me', resource: '/v1/accounts/me', httpMethod: 'GET', headers: { 'x-api-key': apiKey },
    });
    const authorized = { ...decision.context, principalId: decision.principalId };
    const count = context.quick ? 30 : 300;
    const ours = await pool(count, 5, async () => {
      const [ms] = await timed(async () => {
        const result = await invoke<{ principalId: string; context: Record<string, unknown> }>('auth/authorize', {
          type: 'REQUEST', methodArn: 'arn:aws:execute-api:local:0:local/local/GET/v1/accounts/me', resource: '/v1/accounts/me', httpMethod: 'GET', headers: { 'x-api-key': apiKey },
        });
        await invoke('accounts/get-me', proxyEvent(apiKey, { ...result.context, principalId: result.principalId }));
      });
      return ms;
    });
    const baseline = await pool(count, 5, async () => (await timed(() => invoke('accounts/get-me', proxyEvent(apiKey, authorized))))[0]);
    return { ours: percentile(ours, 95), baseline: percentile(baseline, 95), unit: 'ms', baselineIs: 'the function with a cached decision', notes: { requests: count } };
  },
};

/**
 * From a state write to its effect in another service: an org created through the API until the
 * stats service answers for it (outbox → stream → relay → queue → projector), against the
 * stream poller's idle interval, the floor of that path locally.
 */
export const eventLatencyCase: BenchCase = {
  name: 'event latency p95 (write → projection)',
  goal: null,
  async measure(context) {
    const admin = await context.token({ role: 'province_admin', sub: 'bench' });
    const parent = await benchRoot(context, admin);
    const count = context.quick ? 5 : 30;
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const [ms] = await timed(async () => {
        const org = await context.call('POST', '/v1/orgs', { token: admin, body: { name: `湖里区第${i}工会`, kind: 'joint_union', parentId: parent, regionCode: '350206' } });
        for (let attempt = 0; attempt < 400; attempt++) {
          if ((await context.call('GET', `/v1/orgs/${org.body.id}/stats`, { token: admin })).status === 200) return;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        throw new Error('the stats never learned of the org');
      });
      samples.push(ms);
    }
    return { ours: percentile(samples, 95), baseline: context.pollIntervalMs, unit: 'ms', baselineIs: 'stream poll interval', notes: { orgs: count } };
  },
};
