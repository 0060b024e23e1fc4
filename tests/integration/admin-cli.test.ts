import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yearInShanghai } from '../../shared/wall-clock.js';
import { runCli } from '../helpers/admin-cli.js';
import { validCreditCode } from '../helpers/identity.js';
import { activeMember } from '../helpers/members.js';
import { eventually, startTestProvince, type TestProvince } from '../helpers/province.js';
import { wishWorld, type WishWorld } from '../helpers/wishes.js';

/** `npm run admin`, run in-process against a test province through its HTTP API. */

const PREFIX = `cli${Date.now().toString(36)}-`;
let province: TestProvince;
let world: WishWorld;
let dir: string;
let asAdmin: Record<string, string>;

beforeAll(async () => {
  province = await startTestProvince({ prefix: PREFIX });
  world = await wishWorld(province);
  dir = await mkdtemp(join(tmpdir(), 'admin-cli-'));
  asAdmin = { UNION_API_URL: province.url, UNION_TOKEN: world.admin };
}, 60_000);

afterAll(async () => {
  await province?.stop();
});

const admin = (...args: string[]) => runCli(args, asAdmin);

async function csv(name: string, lines: string[]): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

describe('orgs import', () => {
  it("creates a city's org tree from a CSV file, and a second run creates nothing", async () => {
    const file = await csv('quanzhou.csv', [
      'name,kind,parent,regionCode',
      `泉州市总工会,federation,${world.orgs.root},350500`,
      '丰泽区总工会,federation,泉州市总工会,350503',
      '鲤城区总工会,federation,泉州市总工会,350502',
      '东海街道联合工会,joint_union,丰泽区总工会,350503',
      '"泉州市快递行业工会联合会",industry_federation,泉州市总工会,350500',
    ]);

    const first = await admin('orgs', 'import', file, '--json');
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({ created: 5, existing: 0, failed: 0 });
    expect(first.stderr).toContain('imported 5 of 5 rows');
    const city = first.json().rows[0].id;
    const children = await world.bearer(world.admin, 'GET', `/v1/orgs/${city}/children`);
    expect(children.body.items.map((org: { name: string }) => org.name).sort()).toEqual(['丰泽区总工会', '泉州市快递行业工会联合会', '鲤城区总工会'].sort());
    const fengze = first.json().rows[1].id;
    const street = await world.bearer(world.admin, 'GET', `/v1/orgs/${fengze}/children`);
    expect(street.body.items).toEqual([expect.objectContaining({ name: '东海街道联合工会', kind: 'joint_union', parentId: fengze, regionCode: '350503' })]);

    const again = await admin('orgs', 'import', file);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 created, 5 already there, 0 failed');
    expect(again.stdout).toContain(`line 2: 泉州市总工会: existing ${city}`);
  });

  it('reports each bad line by its number, goes on with the others, and exits non-zero', async () => {
    const file = await csv('bad.csv', [
      'name,kind,parent,regionCode',
      `漳州市总工会,federation,${world.orgs.root},350600`,
      '芗城区总工会,guild,漳州市总工会,350602',
      '西桥街道联合工会,joint_union,芗城区总工会,350602',
      '龙文区总工会,federation,不存在的工会,350603',
      '南靖县总工会,federation,漳州市总工会,350627',
    ]);
    const run = await admin('orgs', 'import', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('line 3: 芗城区总工会: failed: /v1/orgs answered 400 Invalid input\n  body.kind: Invalid option');
    expect(run.stdout).toContain('line 4: 西桥街道联合工会: failed: its parent 芗城区总工会 failed');
    expect(run.stdout).toContain('line 5: 龙文区总工会: failed: parent: "不存在的工会" is neither an org id nor the name of an earlier row');
    expect(run.stdout).toContain('2 created, 0 already there, 3 failed');

    const noHeader = await admin('orgs', 'import', await csv('no-header.csv', ['漳州市总工会,federation,x,350600']));
    expect(noHeader.code).toBe(2);
    expect(noHeader.stderr).toContain('line 1: the header must be name,kind,parent,regionCode');
  });
});

describe('accounts', () => {
  it('creates a partner account whose key is printed once, and rotates it with and without overlap', async () => {
    const created = await admin('accounts', 'create', '--kind', 'partner', '--name', '泉州快送网络科技有限公司', '--credit-code', validCreditCode(9101));
    expect(created.code).toBe(0);
    const firstKey = /API key \(shown only now; store it safely\): (\S+)/.exec(created.stdout)![1]!;
    const me = await world.keyed(firstKey, 'GET', '/v1/accounts/me');
    expect(me.body).toMatchObject({ kind: 'partner', name: '泉州快送网络科技有限公司' });
    const accountId = me.body.id;

    const overlapping = await admin('accounts', 'rotate', accountId, '--keep-previous-hours', '2', '--json');
    expect(overlapping.code).toBe(0);
    const secondKey = overlapping.json().apiKey;
    expect((await world.keyed(firstKey, 'GET', '/v1/accounts/me')).status).toBe(200);
    expect((await world.keyed(secondKey, 'GET', '/v1/accounts/me')).status).toBe(200);

    const at = await admin('accounts', 'rotate', accountId);
    expect(at.stdout).toContain('the previous key no longer works');
    const thirdKey = /: (\S+)\n/.exec(at.stdout)![1]!;
    expect((await world.keyed(secondKey, 'GET', '/v1/accounts/me')).status).toBe(401);
    expect((await world.keyed(thirdKey, 'GET', '/v1/accounts/me')).status).toBe(200);

    const listed = await admin('accounts', 'list', '--kind', 'partner', '--json');
    expect(listed.json().items).toEqual([expect.objectContaining({ id: accountId, kind: 'partner' })]);
    expect(listed.stdout).not.toContain(thirdKey);
  });

  it('refuses a bad option before calling the API (exit 2), and says what the API refused (exit 1)', async () => {
    const badKind = await admin('accounts', 'create', '--kind', 'charity', '--name', '某公司', '--credit-code', validCreditCode(9102));
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toContain("argument 'charity' is invalid");
    const badCode = await admin('accounts', 'create', '--kind', 'donor', '--name', '某公司', '--credit-code', '123', '--json');
    expect(badCode.code).toBe(1);
    expect(JSON.parse(badCode.stderr)).toMatchObject({ status: 400, problem: { errors: [expect.objectContaining({ path: 'body.creditCode' })] } });
    const asStaff = await runCli(['accounts', 'list'], { UNION_API_URL: province.url, UNION_TOKEN: world.staff.siming });
    expect(asStaff.code).toBe(1);
    expect(asStaff.stderr).toContain('answered 403');
  });
});

describe('targets and stats', () => {
  it('sets a target and prints the org figures as a table and bar charts, for this year or another', async () => {
    const year = yearInShanghai(new Date());
    await activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming, occupation: 'courier' });
    await activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming, occupation: 'food_delivery' });
    await activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming, occupation: 'courier' });
    const set = await admin('targets', 'set', world.orgs.siming, '--year', String(year), '--members', '30');
    expect(set.code).toBe(0);
    expect(set.stdout).toBe(`target of ${world.orgs.siming} for ${year}: 30 members\n`);
    expect((await admin('targets', 'set', world.orgs.siming, '--year', String(year - 1), '--members', '12')).code).toBe(0);

    // Stats are projections of events: they catch up within seconds.
    const stats = await eventually(async () => {
      const run = await admin('stats', world.orgs.siming);
      return run.stdout.includes('members active          3') ? run : undefined;
    });
    expect(stats.code).toBe(0);
    expect(stats.stdout).toContain(`target                  30 in ${year} (10.0% reached)`);
    expect(stats.stdout).toMatch(/Members by occupation\n {2}courier\s+\| #{40} 2\n {2}food_delivery \| #{20} 1/);
    expect(stats.stdout).toMatch(new RegExp(`Target ${year}\\n {2}target\\s+\\| #{40} 30\\n {2}subtree active \\| #{4} 3`));

    const lastYear = await admin('stats', world.orgs.siming, '--year', String(year - 1), '--json');
    expect(lastYear.json()).toMatchObject({ orgId: world.orgs.siming, target: { year: year - 1, members: 12 } });
    const unknown = await admin('targets', 'set', 'org_00000000000000000000000000000000', '--year', String(year), '--members', '1');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('answered 404');
  });
});

describe('reports and erasure', () => {
  it('prints a campaign report and a fair report', async () => {
    const campaign = await world.campaign({ title: '泉州暖心微心愿' });
    const report = await admin('campaigns', 'report', campaign.id);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain(`泉州暖心微心愿 (${campaign.id}): budget 2000.00 yuan, spent 0.00`);
    expect((await admin('campaigns', 'report', campaign.id, '--json')).json()).toMatchObject({ campaignId: campaign.id, budgetFen: 200_000 });

    const later = (ms: number) => new Date(Date.now() + ms).toISOString();
    const fair = await eventually(async () => {
      const response = await world.bearer(world.staff.siming, 'POST', '/v1/fairs', { orgId: world.orgs.siming, title: '思明区春风行动招聘会', startsAt: later(3_600_000), endsAt: later(7_200_000), venue: '思明区工人文化宫', online: false });
      return response.status === 201 ? response.body : undefined;
    });
    const fairReport = await admin('fairs', 'report', fair.id);
    expect(fairReport.code).toBe(0);
    expect(fairReport.stdout).toContain('思明区春风行动招聘会');
    expect(fairReport.stdout).toContain('totals: 0 employers, 0 positions, 0 check-ins, 0 intentions');
  });

  it("erases a member's personal data only with --yes", async () => {
    const member = await activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming });
    const unconfirmed = await runCli(['erase', member.membershipId], { UNION_API_URL: province.url, UNION_TOKEN: world.staff.siming });
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('add --yes');
    const erased = await runCli(['erase', member.membershipId, '--yes', '--json'], { UNION_API_URL: province.url, UNION_TOKEN: world.staff.siming });
    expect(erased.code).toBe(0);
    expect(erased.json()).toMatchObject({ membershipId: member.membershipId, status: 'erased' });
    await eventually(async () => ((await world.bearer(member.token, 'GET', '/v1/memberships/me')).status === 404 ? true : undefined));
  });
});

describe('where it connects', () => {
  it("uses the local demo's province admin token when no credentials are set, and says what is missing otherwise", async () => {
    const demoFile = join(dir, 'demo.json');
    await writeFile(demoFile, JSON.stringify({ apiUrl: province.url, tokens: { provinceAdmin: world.admin }, endpoints: { sqs: province.env.AWS_ENDPOINT_URL_SQS }, prefix: PREFIX }));
    const listed = await runCli(['accounts', 'list', '--kind', 'donor'], {}, demoFile);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^id\s+kind\s+name\s+created\n/);

    const emptyDlq = await runCli(['dlq', 'list', 'statsProjector'], {}, demoFile);
    expect(emptyDlq.stdout).toBe('the dead-letter queue of statsProjector is empty\n');
    const unknownConsumer = await runCli(['dlq', 'list', 'nobody'], {}, demoFile);
    expect(unknownConsumer.code).toBe(2);
    expect(unknownConsumer.stderr).toContain('No consumer nobody; the consumers are');

    const nowhere = await runCli(['stats', world.orgs.siming], {});
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('No API to talk to: pass --url or set UNION_API_URL');
    const noCredentials = await runCli(['stats', world.orgs.siming, '--url', province.url], {});
    expect(noCredentials.code).toBe(2);
    expect(noCredentials.stderr).toContain('set UNION_TOKEN (a staff JWT) or UNION_API_KEY');
  });
});
