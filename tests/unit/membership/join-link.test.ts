import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { joinSourceOf, signJoinLink, verifyJoinLink } from '../../../functions/membership/domain/join-link.js';

const mac = async (value: string) => createHmac('sha256', 'k').update(value).digest('base64url');
const otherMac = async (value: string) => createHmac('sha256', 'other').update(value).digest('base64url');
const now = new Date('2026-11-23T08:00:00Z');
const inADay = Math.floor(now.getTime() / 1000) + 86_400;

describe('join links', () => {
  it('verify what they signed', async () => {
    const token = await signJoinLink({ orgId: 'o', station: 'st', expiresAt: inADay }, mac);
    expect(await verifyJoinLink(token, mac, now)).toEqual({ orgId: 'o', station: 'st', expiresAt: inADay });
  });

  it('refuse expired, altered and foreign tokens', async () => {
    const expired = await signJoinLink({ orgId: 'o', expiresAt: inADay }, mac);
    await expect(verifyJoinLink(expired, mac, new Date((inADay + 1) * 1000))).rejects.toMatchObject({ status: 400 });
    const [, signature] = (await signJoinLink({ orgId: 'o', expiresAt: inADay }, mac)).split('.');
    const forged = `${Buffer.from(JSON.stringify({ orgId: 'other', expiresAt: inADay })).toString('base64url')}.${signature}`;
    await expect(verifyJoinLink(forged, mac, now)).rejects.toMatchObject({ errors: [{ path: 'body.joinToken', message: expect.any(String) }] });
    await expect(verifyJoinLink(await signJoinLink({ orgId: 'o', expiresAt: inADay }, otherMac), mac, now)).rejects.toMatchObject({ status: 400 });
    await expect(verifyJoinLink('a.b.c', mac, now)).rejects.toMatchObject({ status: 400 });
  });

  it('name the join source for stats', () => {
    expect(joinSourceOf({ orgId: 'o', expiresAt: 1 })).toBe('org');
    expect(joinSourceOf({ orgId: 'o', station: 's', expiresAt: 1 })).toBe('station:s');
    expect(joinSourceOf({ orgId: 'o', campaign: 'c', expiresAt: 1 })).toBe('campaign:c');
  });
});
