import type { Role } from '../../shared/topology.js';
import { validCreditCode } from './identity.js';
import type { TestProvince } from './province.js';

/**
 * Credentials of one caller of each role: the province admin, staff of an org that need not
 * exist, a worker, and a partner, a donor and an employer account (created with credit codes
 * from `creditSeed` on). For sweeps that call every route as a role it admits.
 */
export async function oneCallerPerRole(province: TestProvince, creditSeed: number): Promise<Record<Role, Record<string, string>>> {
  const bearer = async (claims: Parameters<TestProvince['token']>[0]) => ({ authorization: `Bearer ${await province.token(claims)}` });
  const credentials: Partial<Record<Role, Record<string, string>>> = {
    province_admin: await bearer({ role: 'province_admin', sub: 'admin' }),
    org_admin: await bearer({ role: 'org_admin', sub: 'staff', orgId: 'org_x' }),
    worker: await bearer({ role: 'worker', sub: 'w' }),
  };
  for (const [i, kind] of (['partner', 'donor', 'employer'] as const).entries()) {
    const account = await province.request('POST', '/v1/accounts', { body: { kind, name: '某公司', creditCode: validCreditCode(creditSeed + i) }, headers: credentials.province_admin! });
    if (account.status !== 201) throw new Error(`${kind} account: ${account.status} ${JSON.stringify(account.body)}`);
    credentials[kind] = { 'x-api-key': account.body.apiKey };
  }
  return credentials as Record<Role, Record<string, string>>;
}
