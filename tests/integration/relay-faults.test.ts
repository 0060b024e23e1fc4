import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../local/functions.js';
import { OrgCreatedV1 } from '../../events/org-created.v1.js';
import { outboxReader } from '../helpers/outbox.js';
import { eventually, startTestProvince, type TestProvince } from '../helpers/province.js';

describe('a relay that dies after the state write', () => {
  let province: TestProvince;
  let outbox: ReturnType<typeof outboxReader>;
  let admin: string;
  let failuresLeft = 0;
  let rootId = '';
  const checkpoints = new Map<string, string>();

  beforeAll(async () => {
    province = await startTestProvince({
      checkpoints,
      pollers: false,
      relay: async (event: { Records: DynamoDBRecord[] }) => {
        if (failuresLeft > 0) {
          failuresLeft--;
          throw new Error('relay process died');
        }
        return invoke<DynamoDBBatchResponse>('outbox/relay', event, 30);
      },
    });
    outbox = outboxReader(province);
    admin = await province.token({ role: 'province_admin', sub: 'admin' });
  });

  afterAll(async () => {
    outbox?.destroy();
    await province?.stop();
  });

  const statsOf = async (orgId: string) =>
    (await province.request('GET', `/v1/orgs/${orgId}/stats`, { headers: { authorization: `Bearer ${admin}` } })).status;

  it('still delivers the event once the relay runs again', async () => {
    const root = await province.request('POST', '/v1/orgs', {
      body: { name: '福建省总工会', kind: 'federation', parentId: null, regionCode: '350000' },
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(root.status).toBe(201);
    rootId = root.body.id;

    // Nothing relays while the relay is down: the state is written, the event waits in the
    // outbox, unpublished (the write and its event are one transaction, so it is there now).
    const waiting = await outbox.ofOrg(OrgCreatedV1.type, root.body.id);
    expect(waiting).toMatchObject({ outboxState: expect.stringMatching(/^unpublished#/) });
    expect(waiting).not.toHaveProperty('publishedAt');
    expect(await statsOf(root.body.id)).toBe(404);

    // It comes back, fails twice more mid-batch, and still gets the event through.
    failuresLeft = 2;
    await province.startPollers();
    await eventually(async () => ((await statsOf(root.body.id)) === 200 ? true : undefined));
    expect(failuresLeft).toBe(0);
    await eventually(async () => ((await outbox.ofOrg(OrgCreatedV1.type, root.body.id))?.publishedAt ? true : undefined));
  });

  it('resumes from its checkpoint after a restart without losing later events', async () => {
    await province.stopPollers();
    const city = await province.request('POST', '/v1/orgs', {
      body: { name: '福州市总工会', kind: 'federation', parentId: rootId, regionCode: '350100' },
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(city.status).toBe(201);
    expect(await statsOf(city.body.id)).toBe(404);
    await province.startPollers();
    await eventually(async () => ((await statsOf(city.body.id)) === 200 ? true : undefined));
  });
});
