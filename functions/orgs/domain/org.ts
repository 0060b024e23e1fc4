import { z } from 'zod';
import { envelope, type Envelope } from '../../../events/envelope.js';
import { OrgCreatedV1, type OrgCreatedV1Data } from '../../../events/org-created.v1.js';
import type { Caller } from '../../../shared/auth/caller.js';
import { orgInScope } from '../../../shared/auth/org-scope.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../../shared/errors.js';
import { isWithinRegion } from '../../../shared/region.js';

export const OrgKindSchema = z.enum(['federation', 'industry_federation', 'joint_union', 'enterprise_union']);
export type OrgKind = z.infer<typeof OrgKindSchema>;

export interface Org {
  id: string;
  name: string;
  kind: OrgKind;
  parentId: string | null;
  regionCode: string;
  /** Ids from the root down to the parent. */
  ancestors: string[];
  createdAt: string;
}

export class OrgNotFoundError extends NotFoundError {
  constructor(orgId: string) {
    super(`No org ${orgId} in your scope`);
  }
}

export interface NewOrg {
  name: string;
  kind: OrgKind;
  parentId: string | null;
  regionCode: string;
}

/** The org a caller may see: staff see their subtree, and anything else is not found. */
export function visibleOrg(caller: Caller, org: Org | undefined, orgId: string): Org {
  return orgInScope(caller, org, () => new OrgNotFoundError(orgId));
}

/**
 * Decides whether `caller` may add `input` to the tree and what the new org is.
 *
 * 1. Without a parent, the input is the province's root federation: only a province admin
 *    creates it, at the province's own region code.
 * 2. Otherwise the parent must be in the caller's subtree (else it is not found), must not be
 *    an enterprise union (the tree's leaves), and must contain the new org's region.
 * 3. The new org records its ancestry, and an `OrgCreated` event announces it.
 */
export function planOrg(
  input: NewOrg,
  parent: Org | undefined,
  context: { caller: Caller; province: string; id: string; now: Date },
): { org: Org; event: Envelope<OrgCreatedV1Data> } {
  const { caller, province } = context;
  if (!input.regionCode.startsWith(province)) {
    throw InvalidInputError.field('body.regionCode', `must lie within province ${province}`);
  }
  let ancestors: string[] = [];
  if (input.parentId === null) {
    if (caller.role !== 'province_admin') throw new ForbiddenError('Only a province admin creates the root federation');
    if (input.regionCode !== `${province}0000` || input.kind !== 'federation') {
      throw InvalidInputError.field('body.parentId', `the root must be a federation at region ${province}0000`);
    }
  } else {
    const scopedParent = visibleOrg(caller, parent, input.parentId);
    if (scopedParent.kind === 'enterprise_union') {
      throw InvalidInputError.field('body.parentId', 'an enterprise union cannot have child orgs');
    }
    if (!isWithinRegion(input.regionCode, scopedParent.regionCode)) {
      throw InvalidInputError.field('body.regionCode', "must lie within the parent org's region");
    }
    ancestors = [...scopedParent.ancestors, scopedParent.id];
  }
  const org: Org = { id: context.id, ...input, ancestors, createdAt: context.now.toISOString() };
  const event = envelope(
    OrgCreatedV1,
    { orgId: org.id, name: org.name, kind: org.kind, parentId: org.parentId, ancestors, regionCode: org.regionCode },
    { province, now: context.now },
  );
  return { org, event };
}
