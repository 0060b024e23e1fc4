import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../shared/auth/caller.js';
import { makeLocalJoinLinkKey, verifyJoinLink } from '../../../shared/crypto/join-link.js';
import { newLocalKeyring } from '../../../shared/crypto/pii-vault.js';
import type { JoinLink } from '../../../functions/orgs/domain/join-link.js';
import type { Org } from '../../../functions/orgs/domain/org.js';
import { createJoinLink, forgetRevokedLink, listJoinLinks, type JoinLinkPorts } from '../../../functions/orgs/use-cases/join-links.js';

const now = new Date('2026-11-25T00:00:00Z');
const siming: Org = { id: 'siming', name: '思明区总工会', kind: 'federation', parentId: 'xiamen', regionCode: '350203', ancestors: ['root', 'xiamen'], createdAt: '2026-01-01T00:00:00Z' };
const staffOf = (orgId: string): Caller => ({ role: 'org_admin', principalId: `org_admin:${orgId}`, sub: orgId, orgId });

function memoryPorts() {
  const links = new Map<string, JoinLink>();
  const key = makeLocalJoinLinkKey(newLocalKeyring());
  const ports: JoinLinkPorts & { orgs: JoinLinkPorts['orgs'] & { markJoinLinkRevoked(orgId: string, linkId: string, at: string): Promise<void> } } = {
    orgs: {
      get: async (id) => (id === siming.id ? siming : undefined),
      putJoinLink: async (link) => void links.set(link.linkId, link),
      listJoinLinks: async (orgId) => [...links.values()].filter((link) => link.orgId === orgId),
      markJoinLinkRevoked: async (_orgId, linkId, at) => {
        const link = links.get(linkId);
        if (link) links.set(linkId, { ...link, revokedAt: at });
      },
    },
    clock: { now: () => now },
    ids: { next: (prefix) => `${prefix}_1` },
    joinLinks: key,
    baseUrl: 'https://join.example/j',
  };
  return { ports, key, links };
}

describe('createJoinLink()', () => {
  it('signs what a join needs of the org, for staff who see it, and keeps it for the list', async () => {
    const { ports, key } = memoryPorts();
    const link = await createJoinLink('siming', { expiresInDays: 7, station: '莲前站' }, staffOf('xiamen'), ports);
    expect(link).toMatchObject({ linkId: 'jl_1', orgId: 'siming', station: '莲前站', url: `https://join.example/j?token=${link.token}`, createdAt: now.toISOString() });
    expect(await verifyJoinLink(link.token, key, now)).toEqual({
      linkId: 'jl_1', orgId: 'siming', orgName: '思明区总工会', ancestors: ['root', 'xiamen'], station: '莲前站', expiresAt: now.getTime() / 1000 + 7 * 86_400,
    });
    expect(await listJoinLinks('siming', staffOf('siming'), ports)).toEqual([link]);
    await expect(createJoinLink('siming', { expiresInDays: 7 }, staffOf('huli'), ports)).rejects.toMatchObject({ status: 404 });
    await expect(listJoinLinks('siming', staffOf('huli'), ports)).rejects.toMatchObject({ status: 404 });
  });

  it('lists neither revoked nor expired links', async () => {
    const { ports, links } = memoryPorts();
    const link = await createJoinLink('siming', { expiresInDays: 1 }, staffOf('siming'), ports);
    links.set('jl_old', { ...link, linkId: 'jl_old', expiresAt: now.getTime() / 1000 });
    expect((await listJoinLinks('siming', staffOf('siming'), ports)).map((l) => l.linkId)).toEqual(['jl_1']);
    await forgetRevokedLink({ linkId: 'jl_1', orgId: 'siming' }, now.toISOString(), ports);
    expect(await listJoinLinks('siming', staffOf('siming'), ports)).toEqual([]);
  });
});
