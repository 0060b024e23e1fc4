import type { TestProvince } from './province.js';

/** The union tree most membership tests run in: 福建省 → 厦门市 → 思明区, 湖里区. */
const DEMO_TREE: readonly [key: string, name: string, kind: string, parent: string | null, regionCode: string][] = [
  ['root', '福建省总工会', 'federation', null, '350000'],
  ['xiamen', '厦门市总工会', 'federation', 'root', '350200'],
  ['siming', '思明区总工会', 'federation', 'xiamen', '350203'],
  ['huli', '湖里区总工会', 'federation', 'xiamen', '350206'],
];

/**
 * Creates the tree through the API as a province admin, filling `orgs` with each org and
 * `staff` with a token of an org admin of each, by key. Returns once every service holds its
 * copy of the tree (they learn of orgs by event): a staff list right after would otherwise
 * answer 404 on a busy machine.
 */
export async function seedOrgTree(
  province: TestProvince,
  adminToken: string,
  into: { orgs: Record<string, { id: string }>; staff: Record<string, string> },
): Promise<void> {
  for (const [key, name, kind, parent, regionCode] of DEMO_TREE) {
    const response = await province.request('POST', '/v1/orgs', {
      body: { name, kind, parentId: parent && into.orgs[parent]!.id, regionCode },
      headers: { authorization: `Bearer ${adminToken}` },
    });
    if (response.status !== 201) throw new Error(`Creating ${name} answered ${response.status}`);
    into.orgs[key] = response.body;
    into.staff[key] = await province.token({ role: 'org_admin', sub: `staff-${key}`, orgId: response.body.id });
  }
  await province.settled();
}
