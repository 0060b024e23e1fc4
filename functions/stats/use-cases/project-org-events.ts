import type { Envelope } from '../../../events/envelope.js';
import type { HelpRequestChangedV1Data } from '../../../events/help-request-changed.v1.js';
import type { FairScheduledV1Data } from '../../../events/fair-scheduled.v1.js';
import type { MembershipStatusChangedV1Data } from '../../../events/membership-status-changed.v1.js';
import type { OrgCreatedV1Data } from '../../../events/org-created.v1.js';
import type { StationRegisteredV1Data } from '../../../events/station-registered.v1.js';
import type { WishFulfilledV1Data } from '../../../events/wish-fulfilled.v1.js';
import { fairDeltas, helpDeltas, membershipDeltas, stationDeltas, wishFulfilledDeltas } from '../domain/org-stats.js';
import type { StatsRepository } from '../repository.js';

type Ports = { stats: Pick<StatsRepository, 'addOrg' | 'applyDeltas'> };

/*
 * Each event moves the counters of its org and, for subtree figures, its ancestors: the domain
 * says by how much, the repository adds it once per event (a redelivery changes nothing).
 */

/** A new org gets its node in the tree the figures roll up. */
export const recordOrg = (org: OrgCreatedV1Data, event: Envelope, ports: Ports): Promise<boolean> => ports.stats.addOrg(org, event);

/** A membership's move: the old placement taken away, the new one added. */
export const countMembership = (change: MembershipStatusChangedV1Data, event: Envelope, ports: Ports): Promise<boolean> =>
  ports.stats.applyDeltas(membershipDeltas(change), event);

/** A fair scheduled, or a hiring intention at one, in the year the fair starts. */
export const countFair = (counter: 'fairs' | 'fairIntentions', fair: Pick<FairScheduledV1Data, 'orgId' | 'ancestors' | 'startsAt'>, event: Envelope, ports: Ports): Promise<boolean> =>
  ports.stats.applyDeltas(fairDeltas(counter, fair), event);

/** A service station registered. */
export const countStation = (station: StationRegisteredV1Data, event: Envelope, ports: Ports): Promise<boolean> => ports.stats.applyDeltas(stationDeltas(station), event);

/** A fulfilled micro-wish and its value, in the year it was fulfilled. */
export const countFulfilledWish = (wish: WishFulfilledV1Data, event: Envelope, ports: Ports): Promise<boolean> =>
  ports.stats.applyDeltas(wishFulfilledDeltas(wish), event);

/** A help request filed, moved or escalated, and on resolution what it recovered and paid. */
export const countHelpRequest = (change: HelpRequestChangedV1Data, event: Envelope, ports: Ports): Promise<boolean> =>
  ports.stats.applyDeltas(helpDeltas(change, event.occurredAt), event);
