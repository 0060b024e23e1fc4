import type { AuditEntry } from '../../shared/audit.js';
import type { Caller } from '../../shared/auth/caller.js';
import { makeLocalJoinLinkKey, signJoinLink, type JoinLinkClaims } from '../../shared/crypto/join-link.js';
import { newLocalKeyring } from '../../shared/crypto/pii-vault.js';
import { contactText } from '../../shared/identity/contact.js';
import type { RosteredRow } from '../../functions/membership/domain/coverage.js';
import type { JoinRequest } from '../../functions/membership/use-cases/join.js';
import type { MembershipPorts } from '../../functions/membership/use-cases/ports.js';
import { memoryMemberships } from './memory-memberships.js';

export const start = new Date('2026-11-25T08:00:00Z');

/** In-memory ports: a transparent vault (the MAC names its purpose), a fixed code, a clock tests move. */
export function memoryPorts() {
  const store = memoryMemberships();
  const sent: { mobile: string; text: string }[] = [];
  const forgotten: string[] = [];
  const audited: AuditEntry[] = [];
  const counted: string[] = [];
  let now = start;
  let n = 0;
  const ports: MembershipPorts = {
    memberships: store.repository,
    clock: { now: () => now },
    ids: { next: (prefix) => `${prefix}_${++n}` },
    vault: { mac: async (purpose, value) => `${purpose}(${value})`, encrypt: async (plaintext) => `sealed(${plaintext.length})` },
    sms: { send: async (mobile, { text }) => void sent.push({ mobile, text }) },
    joinLinks: makeLocalJoinLinkKey(newLocalKeyring()),
    codes: { next: () => '123456' },
    requests: { forgetRequests: async (id) => void forgotten.push(id) },
    province: '35',
    platforms: ['闽送即配', '美团'],
    audit: { record: async (entry) => void audited.push(entry) },
    metrics: { count: (metric) => void counted.push(metric) },
  };
  return { ports, store, sent, forgotten, audited, counted, advance: (seconds: number) => (now = new Date(now.getTime() + seconds * 1000)) };
}

export const siming: JoinLinkClaims = { linkId: 'jl_siming', orgId: 'siming', orgName: '思明区总工会', ancestors: ['root', 'xiamen'], expiresAt: Math.floor(start.getTime() / 1000) + 86_400 };
export const huli: JoinLinkClaims = { ...siming, linkId: 'jl_huli', orgId: 'huli', orgName: '湖里区总工会' };
export const staffOf = (orgId: string): Caller => ({ role: 'org_admin', principalId: `org_admin:${orgId}`, sub: orgId, orgId });
export const workerOf = (sub: string) => ({ principalId: `worker:${sub}` });
export const alice = { name: '林小东', mobile: '13800000001', idNumber: '350203199001010018' };

export async function request(ports: MembershipPorts, who = alice, extra: Partial<JoinRequest> = {}, claims = siming): Promise<JoinRequest> {
  return { joinToken: await signJoinLink(claims, ports.joinLinks), ...who, occupation: 'food_delivery', regionCode: '350203', consent: { version: '2026-01', accepted: true }, ...extra };
}

export function rosterRow(who = alice, overrides: Partial<RosteredRow> = {}): RosteredRow {
  return {
    personIndex: `id-number(${who.idNumber})`,
    contactIndex: `contact(${contactText(who.name, who.mobile)})`,
    partnerId: 'acc_p',
    riderId: 'r-1',
    platform: '闽送即配',
    status: 'active',
    regionCode: '350203',
    occurredAt: start.toISOString(),
    coverageVersion: 1,
    ...overrides,
  };
}
