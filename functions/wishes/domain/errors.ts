import type { WishStatus } from '../../../events/wish-transition.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../shared/errors.js';

/** Named errors of the wishes service: each maps to its HTTP status (api.md, 403 vs 404 vs 409). */
export class WishNotFoundError extends NotFoundError {
  constructor(wishId: string) {
    super(`No wish ${wishId} you may see`);
  }
}

export class CampaignNotFoundError extends NotFoundError {
  constructor(campaignId: string) {
    super(`No campaign ${campaignId} you may see`);
  }
}

export class CampaignOrgNotFoundError extends NotFoundError {
  constructor(orgId: string) {
    super(`No org ${orgId} in your scope`);
  }
}

/** A claim or funding of a wish that is not open (someone else got it first, or it is not in the pool). */
export class WishNotOpenError extends ConflictError {
  constructor(wishId: string, status: WishStatus) {
    super(`Wish ${wishId} is ${status}, not open`);
  }
}

/** Any other transition the wish's status forbids. */
export class WishStateError extends ConflictError {
  constructor(action: string, status: WishStatus) {
    super(`Cannot ${action} a wish that is ${status}`);
  }
}

/** The caller may see the wish but does not hold its claim. */
export class NotClaimerError extends ForbiddenError {
  constructor(action: string) {
    super(`Only the holder of the wish's claim may ${action} it`);
  }
}

/** The caller may see the wish but is neither its worker nor staff of its campaign's org. */
export class NotWishOwnerError extends ForbiddenError {
  constructor(action: string) {
    super(`Only the wish's worker or the campaign's staff may ${action} it`);
  }
}

export class NotActiveMemberError extends ForbiddenError {
  constructor() {
    super("Only a worker with an active membership in the campaign org's subtree may submit a wish");
  }
}

export class CampaignClosedError extends ConflictError {
  constructor(campaignId: string) {
    super(`Campaign ${campaignId} does not take wishes now`);
  }
}

export class QuotaReachedError extends ConflictError {
  constructor(campaignId: string) {
    super(`Campaign ${campaignId} has reached its quota of wishes`);
  }
}

export class AlreadyWishedError extends ConflictError {
  constructor() {
    super('You already have a wish in this campaign: one wish per member per campaign');
  }
}

export class BudgetExceededError extends ConflictError {
  constructor(campaignId: string) {
    super(`Funding this wish would overspend the budget of campaign ${campaignId}`);
  }
}

export class ClaimLimitError extends ConflictError {
  constructor() {
    super('This donor account holds as many undelivered claims as it may: deliver or release one first');
  }
}
