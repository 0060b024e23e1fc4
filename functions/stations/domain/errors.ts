import { ConflictError, NotFoundError } from '../../../shared/errors.js';

export class StationNotFoundError extends NotFoundError {
  constructor(stationId: string) {
    super(`No station ${stationId}`);
  }
}

export class AlreadyVisitedTodayError extends ConflictError {
  constructor() {
    super('Your visit to this station is already recorded today');
  }
}
