import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../../events/envelope.js';
import type { Caller } from '../../../shared/auth/caller.js';
import type { Org } from '../../../functions/orgs/domain/org.js';
import { createOrg, type CreateOrgPorts } from '../../../functions/orgs/use-cases/create-org.js';
import { getOrg, listChildren } from '../../../functions/orgs/use-cases/read-orgs.js';

/** In-memory ports: the repository keeps orgs in a map and records what was committed. */
function memoryPorts(existing: Org[] = []) {
  const stored = new Map(existing.map((org) => [org.id, org]));
  const committed: { org: Org; event: Envelope }[] = [];
  const ports: CreateOrgPorts = {
    orgs: {
      get: async (id) => stored.get(id),
      create: async (org, event) => {
        stored.set(org.id, org);
        committed.push({ org, event });
      },
    },
    clock: { now: () => new Date('2026-11-25T00:00:00Z') },
    ids: { next: (prefix) => `${prefix}_new` },
    province: '35',
  };
  return { ports, committed };
}

const root: Org = { id: 'org_root', name: '福建省总工会', kind: 'federation', parentId: null, regionCode: '350000', ancestors: [], createdAt: '2026-01-01T00:00:00Z' };
const admin: Caller = { role: 'province_admin', principalId: 'province_admin:a', sub: 'a' };

describe('createOrg()', () => {
  it('commits the org with its ancestry and one OrgCreated event', async () => {
    const { ports, committed } = memoryPorts([root]);
    const org = await createOrg({ name: '厦门市总工会', kind: 'federation', parentId: root.id, regionCode: '350200' }, admin, ports);
    expect(org).toEqual({ id: 'org_new', name: '厦门市总工会', kind: 'federation', parentId: root.id, regionCode: '350200', ancestors: [root.id], createdAt: '2026-11-25T00:00:00.000Z' });
    expect(committed).toHaveLength(1);
    expect(committed[0]!.event).toMatchObject({ type: 'OrgCreated', province: '35', occurredAt: '2026-11-25T00:00:00.000Z', data: { orgId: 'org_new', ancestors: [root.id] } });
  });

  it('commits nothing when the parent is outside the caller\'s subtree', async () => {
    const { ports, committed } = memoryPorts([root]);
    const staff: Caller = { role: 'org_admin', principalId: 'org_admin:s', sub: 's', orgId: 'org_elsewhere' };
    await expect(createOrg({ name: '厦门市总工会', kind: 'federation', parentId: root.id, regionCode: '350200' }, staff, ports)).rejects.toMatchObject({ status: 404 });
    expect(committed).toEqual([]);
  });
});

describe('getOrg() and listChildren()', () => {
  const city: Org = { ...root, id: 'org_city', parentId: root.id, ancestors: [root.id], regionCode: '350200' };
  const listed: string[] = [];
  const ports = {
    orgs: {
      get: async (id: string) => [root, city].find((org) => org.id === id),
      listChildren: async (parentId: string, page: { limit: number; cursor?: string }) => {
        listed.push(parentId);
        return { items: parentId === root.id ? [city] : [], nextCursor: page.cursor ?? null };
      },
    },
  };
  const staffOf = (orgId: string): Caller => ({ role: 'org_admin', principalId: 'org_admin:s', sub: 's', orgId });

  it('shows an org in the caller\'s subtree, and any other as not found', async () => {
    expect(await getOrg(city.id, staffOf(root.id), ports)).toBe(city);
    await expect(getOrg(root.id, staffOf(city.id), ports)).rejects.toMatchObject({ status: 404 });
    await expect(getOrg('org_missing', admin, ports)).rejects.toMatchObject({ status: 404 });
  });

  it('lists children only of a parent in scope, never reading the list of one outside it', async () => {
    expect(await listChildren(root.id, { limit: 20 }, admin, ports)).toEqual({ items: [city], nextCursor: null });
    await expect(listChildren(root.id, { limit: 20 }, staffOf(city.id), ports)).rejects.toMatchObject({ status: 404 });
    expect(listed).toEqual([root.id]);
  });
});
