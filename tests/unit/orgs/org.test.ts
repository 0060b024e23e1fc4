import { describe, expect, it } from 'vitest';
import { planOrg, visibleOrg, type Org } from '../../../functions/orgs/domain/org.js';
import type { Caller } from '../../../shared/auth/caller.js';

const now = new Date('2026-11-23T08:00:00Z');
const provinceAdmin: Caller = { role: 'province_admin', sub: 'a', principalId: 'province_admin:a' };
const staffOf = (orgId: string): Caller => ({ role: 'org_admin', sub: 's', orgId, principalId: 'org_admin:s' });

const root: Org = { id: 'root', name: '福建省总工会', kind: 'federation', parentId: null, regionCode: '350000', ancestors: [], createdAt: '' };
const xiamen: Org = { id: 'xm', name: '厦门市总工会', kind: 'federation', parentId: 'root', regionCode: '350200', ancestors: ['root'], createdAt: '' };
const platform: Org = { id: 'ent', name: '某平台工会', kind: 'enterprise_union', parentId: 'xm', regionCode: '350206', ancestors: ['root', 'xm'], createdAt: '' };

const plan = (input: Partial<Parameters<typeof planOrg>[0]>, parent: Org | undefined, caller: Caller = provinceAdmin) =>
  planOrg(
    { name: '思明区总工会', kind: 'federation', parentId: parent?.id ?? null, regionCode: '350203', ...input },
    parent,
    { caller, province: '35', id: 'new', now },
  );

describe('planOrg()', () => {
  it('records the ancestry from the root down to the parent and announces the org', () => {
    const { org, event } = plan({}, xiamen);
    expect(org.ancestors).toEqual(['root', 'xm']);
    expect(event).toMatchObject({ type: 'OrgCreated', version: 1, province: '35', occurredAt: now.toISOString() });
    expect(event.data).toEqual({ orgId: 'new', name: '思明区总工会', kind: 'federation', parentId: 'xm', ancestors: ['root', 'xm'], regionCode: '350203' });
  });

  it('lets staff create inside their subtree only', () => {
    expect(plan({}, xiamen, staffOf('xm')).org.parentId).toBe('xm');
    expect(plan({}, xiamen, staffOf('root')).org.parentId).toBe('xm');
    expect(() => plan({}, xiamen, staffOf('another'))).toThrow(/No org xm/);
  });

  it('refuses children of an enterprise union', () => {
    expect(() => plan({ kind: 'joint_union', regionCode: '350206' }, platform)).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('refuses a region outside the parent or outside the province', () => {
    expect(() => plan({ regionCode: '350102' }, xiamen)).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ path: 'body.regionCode' })] }));
    expect(() => plan({ regionCode: '610102' }, root)).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('lets only a province admin create the root, as a federation at the province code', () => {
    expect(plan({ regionCode: '350000' }, undefined).org).toMatchObject({ parentId: null, ancestors: [] });
    expect(() => plan({ regionCode: '350000' }, undefined, staffOf('xm'))).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => plan({ regionCode: '350200' }, undefined)).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('treats a parent that does not exist as not found', () => {
    expect(() => plan({ parentId: 'ghost' }, undefined)).toThrow(expect.objectContaining({ status: 404 }));
  });
});

describe('visibleOrg()', () => {
  it('shows an org to its own staff, ancestors staff and the province admin, and hides it from others', () => {
    expect(visibleOrg(staffOf('ent'), platform, 'ent')).toBe(platform);
    expect(visibleOrg(staffOf('xm'), platform, 'ent')).toBe(platform);
    expect(visibleOrg(provinceAdmin, platform, 'ent')).toBe(platform);
    expect(() => visibleOrg(staffOf('other'), platform, 'ent')).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => visibleOrg({ role: 'worker', sub: 'w', principalId: 'worker:w' }, platform, 'ent')).toThrow(expect.objectContaining({ status: 404 }));
  });
});
