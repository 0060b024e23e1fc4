import type { OrgCreatedV1Data } from '../../../events/org-created.v1.js';
import type { ScopedOrg } from '../../../shared/auth/org-scope.js';

/**
 * The stats service's own picture of an org: its place in the tree (for authorization and
 * roll-ups) and the membership figures that projections add to it.
 */
export interface OrgNode extends ScopedOrg {
  parentId: string | null;
  regionCode: string;
  active: number;
  pending: number;
  subtreeActive: number;
  subtreePending: number;
  byOccupation: Record<string, number>;
  byPlatform: Record<string, number>;
}

/** A newly created org enters the projection with no members. */
export function nodeForNewOrg(data: OrgCreatedV1Data): OrgNode {
  return {
    id: data.orgId,
    ancestors: data.ancestors,
    parentId: data.parentId,
    regionCode: data.regionCode,
    active: 0,
    pending: 0,
    subtreeActive: 0,
    subtreePending: 0,
    byOccupation: {},
    byPlatform: {},
  };
}

/** The `GET /v1/orgs/{orgId}/stats` answer for a node. */
export function statsView(node: OrgNode) {
  return {
    orgId: node.id,
    members: {
      active: node.active,
      pending: node.pending,
      byOccupation: node.byOccupation,
      byPlatform: node.byPlatform,
    },
    subtree: { active: node.subtreeActive, pending: node.subtreePending },
    target: null,
    rosters: { riders: 0, ridersWhoAreMembers: 0, coverage: 0 },
  };
}
