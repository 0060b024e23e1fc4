import { provinceCode } from '../../shared/config.js';
import { approve, formatMemberNo, type Membership } from './domain/membership.js';
import type { MembershipRepository } from './repository.js';

/** Activates a pending membership with the next member number of the year (staff approval or a roster match). */
export function activate(memberships: MembershipRepository, membership: Membership, now = new Date()): Promise<Membership> {
  const province = provinceCode();
  const year = now.getUTCFullYear();
  return memberships.approve(membership, year, (seq) => approve(membership, formatMemberNo(province, year, seq), province, now));
}
