import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelope } from '../../events/envelope.js';
import { OrgCreatedV1 } from '../../events/org-created.v1.js';
import { eventually, startTestProvince, type TestProvince } from '../helpers/province.js';

const orgCreated = (orgId: string) =>
  envelope(
    OrgCreatedV1,
    { orgId, name: '测试工会', kind: 'joint_union', parentId: 'org_parent', ancestors: ['org_parent'], regionCode: '350203' },
    { province: '35', now: new Date() },
  );

describe('a consumer that fails on one message of a batch', () => {
  let province: TestProvince;
  let sqs: SQSClient;
  let admin: string;

  beforeAll(async () => {
    // One-second visibility so five receives take seconds, not the topology's minutes.
    province = await startTestProvince({ queues: { visibilityTimeoutSeconds: 1 } });
    sqs = new SQSClient({ endpoint: province.env.AWS_ENDPOINT_URL_SQS });
    admin = await province.token({ role: 'province_admin', sub: 'admin' });
  });

  afterAll(async () => {
    await province?.stop();
    sqs?.destroy();
  });

  it('applies the good messages and moves the bad one to the DLQ after maxReceiveCount', async () => {
    const { queueUrl, dlqUrl } = province.queues.statsProjector!;
    const good = [orgCreated('org_good1'), orgCreated('org_good2')];
    const poison = { ...orgCreated('org_poison'), data: { orgId: 'org_poison' } };
    for (const event of [good[0], poison, good[1]]) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(event) }));
    }

    for (const event of good) {
      const stats = await eventually(async () => {
        const response = await province.request('GET', `/v1/orgs/${event.data.orgId}/stats`, { headers: { authorization: `Bearer ${admin}` } });
        return response.status === 200 ? response.body : undefined;
      });
      expect(stats.orgId).toBe(event.data.orgId);
    }

    const deadLetter = await eventually(async () => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }),
      );
      return Messages.length > 0 ? Messages : undefined;
    }, 20_000);
    expect(deadLetter.map((message) => JSON.parse(message.Body!).id)).toEqual([poison.id]);
    expect(Number(deadLetter[0]!.Attributes!.ApproximateReceiveCount)).toBeGreaterThanOrEqual(5);

    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    expect(Number(Attributes!.ApproximateNumberOfMessages) + Number(Attributes!.ApproximateNumberOfMessagesNotVisible)).toBe(0);
  });
});
