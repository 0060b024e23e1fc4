import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestProvince, type TestProvince } from '../helpers/province.js';

let province: TestProvince;

beforeAll(async () => {
  province = await startTestProvince({ pollers: false });
  // As deployed: the invitations function holds the join-link key and no PII keys or SMS sender
  // (its route is not `pii` or `sms`); locally every function has them all.
  delete process.env.LOCAL_KEYRING;
  delete process.env.LOCAL_SMS_OUTBOX;
  process.env.JOIN_LINK_KMS_KEY_ID = 'join-link-key';
});

afterAll(async () => {
  await province?.stop();
});

it('lists invitations without the PII vault or the SMS sender, which its function is not given', async () => {
  const { listInvitationsHandler } = await import('../../functions/membership/handlers/list-invitations.js');
  const staff = { role: 'org_admin' as const, principalId: 'org_admin:s', sub: 's', orgId: 'org_nowhere' };
  // An org this service has never heard of: 404, reached only once the ports were handed over untouched.
  await expect(listInvitationsHandler({ params: { orgId: 'org_nowhere' }, query: { limit: 20 }, caller: staff } as never)).rejects.toMatchObject({ status: 404 });
});
