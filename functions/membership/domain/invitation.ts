import { createHash } from 'node:crypto';
import type { JoinLinkClaims } from '../../../shared/crypto/join-link.js';
import { InvalidInputError } from '../../../shared/errors.js';
import type { OrgTreeNode } from '../../../shared/projections/org-tree.js';
import { isWithinRegion, regionPrefix } from '../../../shared/region.js';
import type { RosteredRow } from './coverage.js';

/**
 * Where staff may list riders to invite: a city (its index partition) and, within it, a district
 * (a key prefix), or the whole city. The org's own region unless `regionCode` narrows it; a
 * province-wide list would have to read every city, so a province's staff name one.
 */
export interface InvitationArea {
  city: string;
  district?: string;
}

export function invitationAreaOf(org: Pick<OrgTreeNode, 'regionCode'>, regionCode: string | undefined): InvitationArea {
  if (regionCode !== undefined && !isWithinRegion(regionCode, org.regionCode)) {
    throw InvalidInputError.field('query.regionCode', `is outside the org's region ${org.regionCode}`);
  }
  const prefix = regionPrefix(regionCode ?? org.regionCode);
  if (prefix.length < 4) throw InvalidInputError.field('query.regionCode', 'name a city or a district (e.g. 350200 or 350203): a province is listed a city at a time');
  return prefix.length === 4 ? { city: prefix } : { city: prefix.slice(0, 4), district: prefix };
}

/** The riders of one station (or of none) in one district, in the order the index keeps them. */
export interface StationGroup {
  regionCode: string;
  station: string | null;
  rows: RosteredRow[];
}

/**
 * Consecutive rows of the same district and station, as one group each: a page of the index
 * is sorted that way, so a station's riders are together (a station may go on into the next page).
 */
export function groupByStation(rows: readonly RosteredRow[]): StationGroup[] {
  const groups: StationGroup[] = [];
  for (const row of rows) {
    const station = row.station ?? null;
    const last = groups.at(-1);
    if (last && last.regionCode === row.regionCode && last.station === station) last.rows.push(row);
    else groups.push({ regionCode: row.regionCode, station, rows: [row] });
  }
  return groups;
}

/** How long an invitation's join link works: a printed list is used over the following weeks. */
export const INVITATION_LINK_DAYS = 30;

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 86_400_000;

/**
 * The join link of an invitation list's station: the same all day (Asia/Shanghai) for an org and
 * a station, so every page and every reprint of the day carries one link, which staff can revoke
 * like any other (`DELETE /v1/orgs/{orgId}/join-links/{token}`). It expires 30 days after the day began.
 */
export function invitationLinkClaims(org: Pick<OrgTreeNode, 'id' | 'name' | 'ancestors'>, station: string | null, now: Date): JoinLinkClaims {
  const dayStart = Math.floor((now.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
  const digest = createHash('sha256').update(JSON.stringify([org.id, station, dayStart])).digest('hex').slice(0, 24);
  return {
    linkId: `jl_inv_${digest}`,
    orgId: org.id,
    orgName: org.name,
    ancestors: org.ancestors,
    ...(station ? { station } : {}),
    expiresAt: Math.floor(dayStart / 1000) + INVITATION_LINK_DAYS * 86_400,
  };
}
