import { describe, expect, it } from 'vitest';
import { formatCostModel, monthlyCost } from '../../../bench/cost-model.js';

const prices = { currency: 'USD', region: 'test', writeRequestUnitsPerMillion: 1, readRequestUnitsPerMillion: 0.5 } as const;
const month = { members: 120_000, riders: 1_000_000, snapshotsPerMonth: 10, changedShareOfSnapshot: 0.1, wishesPerYear: 1_200, newMembersShareOfYear: 0.5, jobSearches: 2_000_000, stationSearches: 3_000_000 } as const;

describe('the monthly cost model', () => {
  it('prices each operation at its measured units times its monthly volume', () => {
    const model = monthlyCost(
      { rosterRowUnchanged: { readUnits: 1, writeUnits: 0 }, rosterRowChanged: { readUnits: 1, writeUnits: 4 }, join: { readUnits: 0, writeUnits: 10 }, claim: { readUnits: 2, writeUnits: 6 } },
      prices,
      month,
    );
    const line = (operation: string) => model.lines.find((l) => l.operation.startsWith(operation));
    // 10 snapshots of 1,000,000 riders: 9,000,000 unchanged rows at 1 read unit each.
    expect(line('roster row unchanged')).toEqual({ operation: 'roster row unchanged (daily snapshot)', perMonth: 9_000_000, readUnits: 9_000_000, writeUnits: 0, cost: 4.5 });
    expect(line('roster row changed')).toMatchObject({ perMonth: 1_000_000, readUnits: 1_000_000, writeUnits: 4_000_000, cost: 4.5 });
    // Half of 120,000 members a year are new: 5,000 joins a month.
    expect(line('join')).toMatchObject({ perMonth: 5_000, writeUnits: 50_000, cost: 0.05 });
    expect(line('wish claim')).toMatchObject({ perMonth: 100, readUnits: 200, writeUnits: 600 });
    expect(model.total).toBeCloseTo(4.5 + 4.5 + 0.05 + (200 * 0.5 + 600) / 1e6, 9);
  });

  it('names what the run did not measure and leaves it out of the total, instead of pricing it at nothing', () => {
    const model = monthlyCost({ join: { readUnits: 0, writeUnits: 2 } }, prices, month);
    expect(model.lines.map((l) => l.operation)).toEqual(['join']);
    expect(model.unmeasured).toEqual(['roster row unchanged (daily snapshot)', 'roster row changed or departed', 'approve', 'wish claim', 'job search', 'nearest-station search']);
    expect(formatCostModel(model)).toContain('not measured in this run, left out: roster row unchanged');
  });
});
