import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { capacityPerOperation, percentile, pool, timed, type BenchCase, type BenchContext } from '../harness.js';
import { benchOrg, joinBody } from './fixtures.js';

const CONCURRENCY = 10;

/** Joins at a fixed concurrency; returns each one's latency and membership id. */
async function joins(context: BenchContext, count: number, firstPerson: number) {
  const admin = await context.token({ role: 'province_admin', sub: 'bench' });
  const org = await benchOrg(context, admin);
  const workers = await Promise.all(Array.from({ length: count }, (_, i) => context.token({ role: 'worker', sub: `bench-${randomUUID()}-${i}` })));
  const results = await pool(count, CONCURRENCY, async (i) => {
    const [ms, response] = await timed(() => context.call('POST', '/v1/memberships', { token: workers[i], body: joinBody(org.joinToken, firstPerson + i) }));
    if (response.status !== 201) throw new Error(`join ${i} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return { ms, id: response.body.id as string };
  });
  return { admin, results };
}

/** A join is one TransactWriteItems of four items (person guard, worker pointer, membership, outbox). */
export const joinCase: BenchCase = {
  name: 'join p95',
  goal: { better: 'lower', ratio: 3 },
  async measure(context) {
    const count = context.quick ? 20 : 300;
    const { result: { results }, perOperation } = await capacityPerOperation(context, count, () => joins(context, count, 0));
    const table = await context.scratchTable();
    const baseline = await pool(count, CONCURRENCY, async (i) => {
      const id = randomUUID();
      const put = (pk: string, extra: Record<string, unknown> = {}) => ({ Put: { TableName: table, Item: { pk, sk: 'X', ...extra }, ConditionExpression: 'attribute_not_exists(pk)' } });
      const [ms] = await timed(() =>
        context.dynamodb.send(new TransactWriteCommand({ TransactItems: [put(`PERSON#${id}`), put(`WORKER#${id}`), put(`MEMBERSHIP#${id}`, { n: i, status: 'pending' }), put(`OUTBOX#${id}`)] })),
      );
      return ms;
    });
    return {
      ours: percentile(results.map((r) => r.ms), 95),
      baseline: percentile(baseline, 95),
      unit: 'ms',
      baselineIs: `TransactWriteItems of 4 puts, ${CONCURRENCY} at a time`,
      notes: { joins: count, ...perOperation },
    };
  },
};

/** Approvals contend for the year's member-number counter; so does the baseline. */
export const approveCase: BenchCase = {
  name: 'approve p95 (10 concurrent, one org)',
  goal: { better: 'lower', ratio: 3 },
  async measure(context) {
    const count = context.quick ? 10 : 50;
    const { admin, results } = await joins(context, count, 100_000);
    const { result: approvals, perOperation } = await capacityPerOperation(context, count, () =>
      pool(count, CONCURRENCY, async (i) => {
        const [ms, response] = await timed(() => context.call('POST', `/v1/memberships/${results[i]!.id}/approve`, { token: admin }));
        if (response.status !== 200) throw new Error(`approve ${i} answered ${response.status}`);
        return ms;
      }),
    );
    const table = await context.scratchTable();
    const counter = { pk: 'COUNTER', sk: 'X' };
    const baseline = await pool(count, CONCURRENCY, async (i) => {
      const [ms] = await timed(async () => {
        for (let attempt = 0; attempt < 100; attempt++) {
          const current = Number((await context.dynamodb.send(new GetCommand({ TableName: table, Key: counter }))).Item?.seq ?? 0);
          try {
            await context.dynamodb.send(
              new TransactWriteCommand({
                TransactItems: [
                  {
                    Update: {
                      TableName: table,
                      Key: counter,
                      UpdateExpression: 'SET seq = :next',
                      ConditionExpression: current === 0 ? 'attribute_not_exists(seq)' : 'seq = :current',
                      ExpressionAttributeValues: current === 0 ? { ':next': 1 } : { ':next': current + 1, ':current': current },
                    },
                  },
                  { Put: { TableName: table, Item: { pk: `M#${i}`, sk: 'X', seq: current + 1 } } },
                ],
              }),
            );
            return;
          } catch (error) {
            if ((error as Error).name !== 'TransactionCanceledException') throw error;
          }
        }
        throw new Error('baseline counter never won');
      });
      return ms;
    });
    return {
      ours: percentile(approvals, 95),
      baseline: percentile(baseline, 95),
      unit: 'ms',
      baselineIs: `read + conditional counter TransactWriteItems, ${CONCURRENCY} contending`,
      notes: { approvals: count, ...perOperation },
    };
  },
};
