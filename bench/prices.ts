/**
 * The prices and volumes the bench's monthly cost model uses, kept in this one file.
 *
 * Prices: DynamoDB on-demand list prices of us-east-1 in USD (since the on-demand price cut of
 * November 2024). Provinces deploy to the China regions, priced in CNY on the AWS China price
 * list: replace these figures with that list's for an estimate in CNY; the model is the same.
 * Entered without access to the price list (no network where they were written): check them
 * against it before quoting a figure.
 */
export interface Prices {
  currency: string;
  region: string;
  writeRequestUnitsPerMillion: number;
  readRequestUnitsPerMillion: number;
}

export interface ProvinceMonth {
  members: number;
  riders: number;
  snapshotsPerMonth: number;
  changedShareOfSnapshot: number;
  wishesPerYear: number;
  newMembersShareOfYear: number;
  jobSearches: number;
  stationSearches: number;
}

export const PRICES: Prices = {
  currency: 'USD',
  region: 'us-east-1',
  /** Per million write request units, on-demand. */
  writeRequestUnitsPerMillion: 0.625,
  /** Per million read request units, on-demand (a strongly consistent read of up to 4 KB is one). */
  readRequestUnitsPerMillion: 0.125,
};

/**
 * A province's month, at the seeds' volumes (design.md): 250,000 members, 300,000 riders whose
 * platforms send a daily snapshot, 1,600 wishes a year. Figures marked as assumptions are ours,
 * not the brief's; change them here.
 */
export const PROVINCE_MONTH: ProvinceMonth = {
  members: 250_000,
  riders: 300_000,
  snapshotsPerMonth: 30,
  /** Assumption: riders a daily snapshot changes or departs (the 2% changed, 1% departed). */
  changedShareOfSnapshot: 0.03,
  wishesPerYear: 1_600,
  /** Assumption: a tenth of the members are new each year, each joining then approved once. */
  newMembersShareOfYear: 0.1,
  /** Assumption: job searches a month in the province's job market. */
  jobSearches: 50_000,
  /** Assumption: nearest-station searches a month, one every other day by each rostered rider. */
  stationSearches: 4_500_000,
};
