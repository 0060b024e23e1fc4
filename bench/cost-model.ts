import { PRICES, PROVINCE_MONTH, type Prices, type ProvinceMonth } from './prices.js';

/** Capacity units one business operation consumed in the bench, its projections included. */
export interface UnitsPerOperation {
  readUnits: number;
  writeUnits: number;
}

/** What the bench measured, by operation; an operation the run did not measure is absent. */
export interface MeasuredOperations {
  join?: UnitsPerOperation;
  approve?: UnitsPerOperation;
  claim?: UnitsPerOperation;
  search?: UnitsPerOperation;
  stationSearch?: UnitsPerOperation;
  /** A rider a roster creates, projections included: also the price of one it changes or departs. */
  rosterRowChanged?: UnitsPerOperation;
  rosterRowUnchanged?: UnitsPerOperation;
}

export interface CostLine {
  operation: string;
  perMonth: number;
  readUnits: number;
  writeUnits: number;
  cost: number;
}

export interface CostModel {
  currency: string;
  lines: CostLine[];
  total: number;
  /** Operations the model needs that the run did not measure, so the total leaves them out. */
  unmeasured: string[];
}

/** A province's monthly DynamoDB request cost at `month`'s volumes, from what the bench measured. */
export function monthlyCost(measured: MeasuredOperations, prices: Prices = PRICES, month: ProvinceMonth = PROVINCE_MONTH): CostModel {
  const newMembers = (month.members * month.newMembersShareOfYear) / 12;
  const snapshotRows = month.riders * month.snapshotsPerMonth;
  const volumes: [string, keyof MeasuredOperations, number][] = [
    ['roster row unchanged (daily snapshot)', 'rosterRowUnchanged', snapshotRows * (1 - month.changedShareOfSnapshot)],
    ['roster row changed or departed', 'rosterRowChanged', snapshotRows * month.changedShareOfSnapshot],
    ['join', 'join', newMembers],
    ['approve', 'approve', newMembers],
    ['wish claim', 'claim', month.wishesPerYear / 12],
    ['job search', 'search', month.jobSearches],
    ['nearest-station search', 'stationSearch', month.stationSearches],
  ];
  const lines: CostLine[] = [];
  const unmeasured: string[] = [];
  for (const [operation, key, perMonth] of volumes) {
    const units = measured[key];
    if (!units) {
      unmeasured.push(operation);
      continue;
    }
    const readUnits = perMonth * units.readUnits;
    const writeUnits = perMonth * units.writeUnits;
    const cost = (readUnits * prices.readRequestUnitsPerMillion + writeUnits * prices.writeRequestUnitsPerMillion) / 1e6;
    lines.push({ operation, perMonth: Math.round(perMonth), readUnits: Math.round(readUnits), writeUnits: Math.round(writeUnits), cost });
  }
  return { currency: prices.currency, lines, total: lines.reduce((sum, line) => sum + line.cost, 0), unmeasured };
}

/** The cost model as the bench prints it. */
export function formatCostModel(model: CostModel): string {
  const money = (value: number) => `${model.currency} ${value.toFixed(2)}`;
  const rows = model.lines.map((line) => `${line.operation.padEnd(40)}${line.perMonth.toLocaleString('en').padStart(12)}${line.readUnits.toLocaleString('en').padStart(16)}${line.writeUnits.toLocaleString('en').padStart(16)}${money(line.cost).padStart(14)}`);
  return [
    `${'monthly DynamoDB requests'.padEnd(40)}${'per month'.padStart(12)}${'read units'.padStart(16)}${'write units'.padStart(16)}${'cost'.padStart(14)}`,
    ...rows,
    `${'total'.padEnd(84)}${money(model.total).padStart(14)}`,
    ...(model.unmeasured.length ? [`not measured in this run, left out: ${model.unmeasured.join(', ')}`] : []),
  ].join('\n');
}
