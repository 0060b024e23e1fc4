import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { capacityPerOperation, percentile, pool, timed, type BenchCase, type BenchContext } from '../harness.js';
import { benchCreditCode, benchOrg, joinBody } from './fixtures.js';

const CONCURRENCY = 10;
const DAY = 86_400_000;

/** Sends until the answer is not `waitingFor` (a read model learning of the org or member by event). */
async function whenKnown(context: BenchContext, waitingFor: number, send: () => ReturnType<BenchContext['call']>) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await send();
    if (response.status !== waitingFor) return response;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Still ${waitingFor} after 10 s`);
}

/** `count` open wishes of a campaign, each of its own active member, and `CONCURRENCY` donors, each allowed to claim them all. */
async function openWishes(context: BenchContext, count: number): Promise<{ wishIds: string[]; donorKeys: string[] }> {
  const admin = await context.token({ role: 'province_admin', sub: 'bench' });
  const org = await benchOrg(context, admin);
  const campaign = await whenKnown(context, 404, () =>
    context.call('POST', '/v1/campaigns', {
      token: admin,
      body: { orgId: org.id, title: '基准微心愿', opensAt: new Date(Date.now() - DAY).toISOString(), closesAt: new Date(Date.now() + 30 * DAY).toISOString(), budgetFen: 0, quota: count, maxValueFen: 50_000 },
    }),
  );
  if (campaign.status !== 201) throw new Error(`campaign answered ${campaign.status}: ${JSON.stringify(campaign.body)}`);
  const wishIds = await pool(count, CONCURRENCY, async (i) => {
    const worker = await context.token({ role: 'worker', sub: `bench-wish-${randomUUID()}` });
    const joined = await context.call('POST', '/v1/memberships', { token: worker, body: joinBody(org.joinToken, 200_000 + i) });
    if (joined.status !== 201) throw new Error(`join ${i} answered ${joined.status}`);
    await context.call('POST', `/v1/memberships/${joined.body.id}/approve`, { token: admin });
    const body = { title: '电饭煲', category: 'appliance', description: '想要一个电饭煲', valueFen: 30_000 };
    const wish = await whenKnown(context, 403, () => context.call('POST', `/v1/campaigns/${campaign.body.id}/wishes`, { token: worker, body }));
    if (wish.status !== 201) throw new Error(`wish ${i} answered ${wish.status}: ${JSON.stringify(wish.body)}`);
    const approved = await context.call('POST', `/v1/wishes/${wish.body.id}/approve`, { token: admin });
    if (approved.status !== 200) throw new Error(`approving wish ${i} answered ${approved.status}`);
    return wish.body.id as string;
  });
  const donorKeys = await pool(CONCURRENCY, CONCURRENCY, async () => {
    const donor = await context.call('POST', '/v1/accounts', { token: admin, body: { kind: 'donor', name: '基准爱心企业', creditCode: benchCreditCode() } });
    await context.call('PUT', `/v1/donors/${donor.body.id}/claim-limit`, { token: admin, body: { limit: count } });
    return donor.body.apiKey as string;
  });
  return { wishIds, donorKeys };
}

/**
 * A donor's claim through the API (gateway, authorizer, a consistent read of the wish and one
 * transaction of the wish, the donor's claim counter and the outbox item) against the least a
 * claim could be: one conditional UpdateItem of an open wish, at the same concurrency.
 *
 * Ten donors claim at once, each its own wishes one after another, as donors do on a busy day.
 * One donor's claims at once would queue on its claim counter, the item that keeps the donor
 * under its limit (a script claiming many wishes uses the batch claim route instead), which the
 * baseline's ten independent items do not.
 */
export const claimCase: BenchCase = {
  name: 'wish claim p95',
  goal: { better: 'lower', ratio: 2 },
  async measure(context) {
    const count = context.quick ? 20 : 200;
    const { wishIds, donorKeys } = await openWishes(context, count);
    const { result: claims, perOperation } = await capacityPerOperation(context, count, async () =>
      (
        await pool(CONCURRENCY, CONCURRENCY, async (donor) => {
          const times: number[] = [];
          for (let i = donor; i < count; i += CONCURRENCY) {
            const [ms, response] = await timed(() => context.call('POST', `/v1/wishes/${wishIds[i]}/claim`, { apiKey: donorKeys[donor] }));
            if (response.status !== 200) throw new Error(`claim ${i} answered ${response.status}: ${JSON.stringify(response.body)}`);
            times.push(ms);
          }
          return times;
        })
      ).flat(),
    );
    const table = await context.scratchTable();
    await pool(count, CONCURRENCY, (i) => context.dynamodb.send(new PutCommand({ TableName: table, Item: { pk: `WISH#${i}`, sk: 'WISH', status: 'open' } })));
    const baseline = await pool(count, CONCURRENCY, async (i) => {
      const [ms] = await timed(() =>
        context.dynamodb.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: `WISH#${i}`, sk: 'WISH' },
            UpdateExpression: 'SET #status = :claimed, donorId = :donor',
            ConditionExpression: '#status = :open',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':claimed': 'claimed', ':open': 'open', ':donor': 'acc_bench' },
          }),
        ),
      );
      return ms;
    });
    return {
      ours: percentile(claims, 95),
      baseline: percentile(baseline, 95),
      unit: 'ms',
      baselineIs: `one conditional UpdateItem, ${CONCURRENCY} at a time`,
      notes: { claims: count, donors: CONCURRENCY, ...perOperation },
    };
  },
};
