import { validIdNumber, validMobile } from './identity.js';
import type { TestProvince } from './province.js';

let next = 5000;

/**
 * A worker with an active membership of `orgId`, and their token: a join link from staff, the
 * worker's join, staff approval. The one place tests make members, so a change to how members
 * join (join links moving to the orgs service, activation by roster) is made here only.
 */
export async function activeMember(
  province: TestProvince,
  input: { staffToken: string; orgId: string; sub?: string; regionCode?: string; occupation?: string },
): Promise<{ token: string; workerId: string; membershipId: string; person: { name: string; mobile: string; idNumber: string } }> {
  const n = next++;
  const sub = input.sub ?? `member-${n}-${Math.random().toString(36).slice(2, 8)}`;
  const staff = { authorization: `Bearer ${input.staffToken}` };
  const created = await province.request('POST', `/v1/orgs/${input.orgId}/join-links`, { body: {}, headers: staff });
  if (created.status !== 201) throw new Error(`join link answered ${created.status}: ${JSON.stringify(created.body)}`);
  const link = created.body.token as string;
  const token = await province.token({ role: 'worker', sub });
  const person = { name: '林小东', mobile: validMobile(n), idNumber: validIdNumber(n) };
  const joined = await province.request('POST', '/v1/memberships', {
    headers: { authorization: `Bearer ${token}` },
    body: {
      joinToken: link,
      ...person,
      occupation: input.occupation ?? 'food_delivery',
      regionCode: input.regionCode ?? '350203',
      consent: { version: '2026-01', accepted: true },
    },
  });
  if (joined.status !== 201) throw new Error(`join answered ${joined.status}: ${JSON.stringify(joined.body)}`);
  if (joined.body.status !== 'active') {
    const approved = await province.request('POST', `/v1/memberships/${joined.body.id}/approve`, { headers: staff });
    if (approved.status !== 200) throw new Error(`approval answered ${approved.status}: ${JSON.stringify(approved.body)}`);
  }
  return { token, workerId: `worker:${sub}`, membershipId: joined.body.id, person };
}
