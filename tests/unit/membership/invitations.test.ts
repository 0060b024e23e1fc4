import { describe, expect, it } from 'vitest';
import { envelope } from '../../../events/envelope.js';
import { OrgCreatedV1, type OrgCreatedV1Data } from '../../../events/org-created.v1.js';
import { verifyJoinLink } from '../../../shared/crypto/join-link.js';
import { groupByStation, INVITATION_LINK_DAYS, invitationAreaOf, invitationLinkClaims } from '../../../functions/membership/domain/invitation.js';
import { isToInvite } from '../../../functions/membership/domain/coverage.js';
import { listInvitations } from '../../../functions/membership/use-cases/invitations.js';
import { memoryPorts, rosterRow, staffOf } from '../../helpers/membership-ports.js';

const org = { id: 'siming', name: '思明区总工会', ancestors: ['root', 'xiamen'], regionCode: '350203' };
const person = (n: number) => ({ name: '骑手', mobile: `1380000${String(n).padStart(4, '0')}`, idNumber: `3502031990010100${String(n).padStart(2, '0')}` });

describe('isToInvite()', () => {
  it('invites an active rider who was not a member when last announced, and nobody else', () => {
    expect(isToInvite(rosterRow(undefined, { isMember: false }))).toBe(true);
    expect(isToInvite(rosterRow(undefined, { isMember: true }))).toBe(false);
    expect(isToInvite(rosterRow(undefined, { isMember: false, status: 'departed' }))).toBe(false);
    // Stored before membership was kept on rows: unknown, so not listed.
    expect(isToInvite(rosterRow())).toBe(false);
  });
});

describe('invitationAreaOf()', () => {
  it('lists a district, or a city whole, within the org\'s region', () => {
    expect(invitationAreaOf(org, undefined)).toEqual({ city: '3502', district: '350203' });
    expect(invitationAreaOf({ regionCode: '350200' }, undefined)).toEqual({ city: '3502' });
    expect(invitationAreaOf({ regionCode: '350200' }, '350206')).toEqual({ city: '3502', district: '350206' });
    expect(invitationAreaOf({ regionCode: '350000' }, '350200')).toEqual({ city: '3502' });
  });

  it('refuses an area outside the org, and a whole province, naming the query field', () => {
    expect(() => invitationAreaOf(org, '350206')).toThrow(expect.objectContaining({ status: 400, errors: [{ path: 'query.regionCode', message: expect.stringContaining('outside') }] }));
    expect(() => invitationAreaOf({ regionCode: '350000' }, undefined)).toThrow(expect.objectContaining({ status: 400, errors: [expect.objectContaining({ path: 'query.regionCode' })] }));
    expect(() => invitationAreaOf({ regionCode: '350000' }, '350000')).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('groupByStation()', () => {
  it('groups consecutive rows of one district and station, keeping their order', () => {
    const rows = [
      rosterRow(person(1), { riderId: 'a', station: null }),
      rosterRow(person(2), { riderId: 'b', station: '莲前站' }),
      rosterRow(person(3), { riderId: 'c', station: '莲前站' }),
      rosterRow(person(4), { riderId: 'd', station: '莲前站', regionCode: '350206' }),
      rosterRow(person(5), { riderId: 'e' }),
    ];
    expect(groupByStation(rows).map((group) => `${group.regionCode}/${group.station}: ${group.rows.map((row) => row.riderId).join('')}`)).toEqual([
      '350203/null: a',
      '350203/莲前站: bc',
      '350206/莲前站: d',
      '350203/null: e',
    ]);
    expect(groupByStation([])).toEqual([]);
  });
});

describe('invitationLinkClaims()', () => {
  it('is the same all day in Shanghai for an org and a station, another the next day or for another station, and expires 30 days after the day began', () => {
    const morning = invitationLinkClaims(org, '莲前站', new Date('2026-12-04T16:00:00Z')); // 00:00 on the 5th in Shanghai
    const evening = invitationLinkClaims(org, '莲前站', new Date('2026-12-05T15:59:59Z'));
    expect(evening).toEqual(morning);
    expect(morning).toEqual({ linkId: expect.stringMatching(/^jl_inv_[0-9a-f]{24}$/), orgId: 'siming', orgName: '思明区总工会', ancestors: ['root', 'xiamen'], station: '莲前站', expiresAt: Date.parse('2026-12-04T16:00:00Z') / 1000 + INVITATION_LINK_DAYS * 86_400 });
    expect(invitationLinkClaims(org, '莲前站', new Date('2026-12-05T16:00:00Z')).linkId).not.toBe(morning.linkId);
    expect(invitationLinkClaims(org, '软件园站', new Date('2026-12-05T08:00:00Z')).linkId).not.toBe(morning.linkId);
    const noStation = invitationLinkClaims(org, null, new Date('2026-12-05T08:00:00Z'));
    expect(noStation).not.toHaveProperty('station');
    expect(noStation.linkId).not.toBe(morning.linkId);
  });
});

describe('listInvitations()', () => {
  function world() {
    const { ports, store } = memoryPorts();
    const created: OrgCreatedV1Data = { orgId: 'siming', name: '思明区总工会', kind: 'federation', parentId: 'xiamen', ancestors: ['root', 'xiamen'], regionCode: '350203' };
    void store.repository.addOrg(created, envelope(OrgCreatedV1, created, { province: '35', now: new Date() }));
    const rows = [
      rosterRow(person(1), { riderId: 'r-1', station: '莲前站', isMember: false, maskedName: '骑*', maskedMobile: '138****0001' }),
      rosterRow(person(2), { riderId: 'r-2', station: '莲前站', isMember: true }),
      rosterRow(person(3), { riderId: 'r-3', station: '莲前站', isMember: false }),
      rosterRow(person(4), { riderId: 'r-4', station: null, isMember: false }),
      rosterRow(person(5), { riderId: 'r-5', station: '湖里站', regionCode: '350206', isMember: false }),
    ];
    rows.forEach(store.seedRow);
    return { ports };
  }

  it('groups a page of the org\'s riders to invite by station, each with a verifiable link naming it', async () => {
    const { ports } = world();
    const page = await listInvitations({ orgId: 'siming', limit: 20 }, staffOf('siming'), 'https://join.example/j', ports);
    expect(page.items.map((group) => `${group.station}: ${group.rows.map((row) => row.riderId).join(' ')}`)).toEqual(['null: r-4', '莲前站: r-1 r-3']);
    const token = new URL(page.items[1]!.joinUrl).searchParams.get('token')!;
    expect(page.items[1]!.joinUrl.startsWith('https://join.example/j?token=')).toBe(true);
    expect(await verifyJoinLink(token, ports.joinLinks, ports.clock.now())).toMatchObject({ orgId: 'siming', station: '莲前站' });
  });

  it('pages by rider and narrows to a station', async () => {
    const { ports } = world();
    const first = await listInvitations({ orgId: 'siming', limit: 2 }, staffOf('siming'), 'https://join.example/j', ports);
    const second = await listInvitations({ orgId: 'siming', limit: 2, cursor: first.nextCursor! }, staffOf('siming'), 'https://join.example/j', ports);
    expect([...first.items, ...second.items].flatMap((group) => group.rows.map((row) => row.riderId))).toEqual(['r-4', 'r-1', 'r-3']);
    expect(second.nextCursor).toBeNull();
    const station = await listInvitations({ orgId: 'siming', station: '莲前站', limit: 20 }, staffOf('siming'), 'https://join.example/j', ports);
    expect(station.items.map((group) => group.station)).toEqual(['莲前站']);
  });

  it('tells staff outside the org that it does not exist', async () => {
    const { ports } = world();
    await expect(listInvitations({ orgId: 'siming', limit: 20 }, staffOf('huli'), 'https://join.example/j', ports)).rejects.toMatchObject({ status: 404 });
    await expect(listInvitations({ orgId: 'nowhere', limit: 20 }, staffOf('siming'), 'https://join.example/j', ports)).rejects.toMatchObject({ status: 404 });
  });
});
