import { ConflictError, NotFoundError } from '../../../shared/errors.js';

/** Also the answer for a request outside the caller's reach, so its existence is never confirmed. */
export class HelpRequestNotFoundError extends NotFoundError {
  constructor(requestId: string) {
    super(`No help request ${requestId} in your scope`);
  }
}

export class HelpStateError extends ConflictError {
  constructor(from: string, to: string) {
    super(`A help request that is ${from} cannot move to ${to}`);
  }
}

export class AidFundOverspentError extends ConflictError {
  constructor(orgId: string, year: number, fen: number) {
    super(`Paying ${fen} fen of aid would overspend the aid fund of org ${orgId} for ${year} (or it has none): set its budget with PUT /v1/orgs/${orgId}/aid-fund/${year}`);
  }
}

export class BudgetBelowSpentError extends ConflictError {
  constructor(year: number) {
    super(`More aid than this budget has already been paid from the ${year} fund`);
  }
}
