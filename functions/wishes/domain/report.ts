import { z } from 'zod';
import { WishCategorySchema, WishStatusSchema, type WishCategory, type WishStatus } from '../../../events/wish-transition.js';
import { zeroCounts, type Campaign } from './campaign.js';
import type { Wish } from './wish.js';

const DAY_MS = 24 * 3600 * 1000;
const count = z.number().int();
const StatusCountsSchema = z.strictObject({ pending_review: count, open: count, claimed: count, delivered: count, fulfilled: count, rejected: count, withdrawn: count });

export const CampaignReportSchema = z
  .strictObject({
    campaignId: z.string(),
    title: z.string(),
    orgId: z.string(),
    budgetFen: count,
    spentFen: count,
    byStatus: StatusCountsSchema,
    byCategory: z.array(z.strictObject({ category: WishCategorySchema, total: count, byStatus: StatusCountsSchema })),
    value: z.strictObject({
      adoptedByDonorsFen: count.meta({ description: 'Value of wishes donors hold or gave (claimed, delivered, fulfilled)' }),
      fundedByUnionFen: count.meta({ description: 'Value of wishes the union funded from the budget (claimed, delivered, fulfilled)' }),
      fulfilledFen: count,
    }),
    donors: z.array(
      z.strictObject({ donorId: z.string(), name: z.string(), wishes: count, valueFen: count, delivered: count, fulfilled: count }),
    ),
    daysToFulfil: z
      .strictObject({ count, averageDays: z.number().nullable(), medianDays: z.number().nullable(), maxDays: z.number().nullable() })
      .meta({ description: 'Days from a wish entering the pool (open) to its fulfilment' }),
  })
  .meta({ id: 'CampaignReport' });

export type CampaignReport = z.infer<typeof CampaignReportSchema>;

const HELD: readonly WishStatus[] = ['claimed', 'delivered', 'fulfilled'];
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The organizing union's report of a campaign: wishes by status and by category, the value
 * donors adopted and the union funded, per-donor totals (largest giver first) and how many days
 * wishes took from entering the pool to being fulfilled.
 */
export function campaignReport(campaign: Campaign, wishes: readonly Wish[]): CampaignReport {
  const byStatus = zeroCounts();
  const categories = new Map<WishCategory, Record<WishStatus, number>>();
  const donors = new Map<string, CampaignReport['donors'][number]>();
  const value = { adoptedByDonorsFen: 0, fundedByUnionFen: 0, fulfilledFen: 0 };
  const days: number[] = [];
  for (const wish of wishes) {
    byStatus[wish.status]++;
    const perCategory = categories.get(wish.category) ?? zeroCounts();
    perCategory[wish.status]++;
    categories.set(wish.category, perCategory);
    if (wish.status === 'fulfilled') value.fulfilledFen += wish.valueFen;
    if (wish.status === 'fulfilled' && wish.openedAt && wish.fulfilledAt) days.push((Date.parse(wish.fulfilledAt) - Date.parse(wish.openedAt)) / DAY_MS);
    const claim = wish.claim;
    if (!claim || !HELD.includes(wish.status)) continue;
    if (claim.kind === 'union') {
      value.fundedByUnionFen += wish.valueFen;
      continue;
    }
    value.adoptedByDonorsFen += wish.valueFen;
    const donor = donors.get(claim.donorId) ?? { donorId: claim.donorId, name: claim.donorName, wishes: 0, valueFen: 0, delivered: 0, fulfilled: 0 };
    donor.wishes++;
    donor.valueFen += wish.valueFen;
    if (wish.status === 'delivered') donor.delivered++;
    if (wish.status === 'fulfilled') donor.fulfilled++;
    donors.set(claim.donorId, donor);
  }
  const sorted = [...days].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length === 0 ? null : sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return {
    campaignId: campaign.id,
    title: campaign.title,
    orgId: campaign.orgId,
    budgetFen: campaign.budgetFen,
    spentFen: campaign.spentFen,
    byStatus,
    byCategory: WishCategorySchema.options
      .filter((category) => categories.has(category))
      .map((category) => {
        const counts = categories.get(category)!;
        return { category, total: Object.values(counts).reduce((a, b) => a + b, 0), byStatus: counts };
      }),
    value,
    donors: [...donors.values()].sort((a, b) => b.valueFen - a.valueFen || a.donorId.localeCompare(b.donorId)),
    daysToFulfil: {
      count: sorted.length,
      averageDays: sorted.length ? round1(sorted.reduce((a, b) => a + b, 0) / sorted.length) : null,
      medianDays: median === null ? null : round1(median),
      maxDays: sorted.length ? round1(sorted.at(-1)!) : null,
    },
  };
}

/** The report as CSV rows: one table, a `section` column telling the parts apart. */
export function reportRows(report: CampaignReport): { header: string[]; rows: (string | number | null)[][] } {
  const rows: (string | number | null)[][] = [];
  for (const status of WishStatusSchema.options) rows.push(['status', status, status, report.byStatus[status], null]);
  for (const { category, byStatus } of report.byCategory) {
    for (const status of WishStatusSchema.options) if (byStatus[status] > 0) rows.push(['category', category, status, byStatus[status], null]);
  }
  rows.push(['value', 'adopted_by_donors', null, null, report.value.adoptedByDonorsFen]);
  rows.push(['value', 'funded_by_union', null, null, report.value.fundedByUnionFen]);
  rows.push(['value', 'fulfilled', null, null, report.value.fulfilledFen]);
  for (const donor of report.donors) rows.push(['donor', donor.name, null, donor.wishes, donor.valueFen]);
  rows.push(['days_to_fulfil', 'average', null, report.daysToFulfil.count, report.daysToFulfil.averageDays]);
  rows.push(['days_to_fulfil', 'median', null, report.daysToFulfil.count, report.daysToFulfil.medianDays]);
  return { header: ['section', 'name', 'status', 'count', 'value'], rows };
}
