import { z } from 'zod';
import { pageOf } from '../../shared/http/schemas.js';
import { canonicalIntegerParam } from '../../shared/http/path-parameters.js';
import { HelpCategorySchema, HelpStatusSchema, type HelpRequest, type TimelineEntry } from './domain/help-request.js';
import type { AidFund } from './repository.js';
import type { OpenedRequest } from './use-cases/help-requests.js';

const OutcomeViewSchema = z.strictObject({ recoveredFen: z.number().int(), aidFen: z.number().int() }).meta({ id: 'HelpOutcome' });

const TimelineEntrySchema = z
  .strictObject({
    at: z.string(),
    event: z.enum(['filed', 'moved', 'escalated']),
    status: HelpStatusSchema,
    orgId: z.string().meta({ description: 'The org handling the request from this entry on' }),
    by: z.enum(['worker', 'staff', 'system']),
    note: z.string().nullable(),
    assigneeId: z.string().optional(),
    outcome: OutcomeViewSchema.optional(),
  })
  .meta({ id: 'HelpTimelineEntry' });

const summaryShape = {
  id: z.string(),
  status: HelpStatusSchema,
  category: HelpCategorySchema,
  orgId: z.string().meta({ description: 'The org handling it' }),
  regionCode: z.string(),
  platform: z.string().nullable(),
  amountFen: z.number().int().nullable(),
  assigneeId: z.string().nullable(),
  outcome: OutcomeViewSchema.nullable(),
  acceptBy: z.string().nullable().meta({ description: 'While received: when it escalates to the parent org unless accepted' }),
  createdAt: z.string(),
  updatedAt: z.string(),
};

/** What staff lists show: the requester masked, no description. */
export const HelpRequestSummarySchema = z
  .strictObject({
    ...summaryShape,
    requester: z.strictObject({ member: z.boolean(), name: z.string().nullable().meta({ description: "A member's masked name (张*); null for a non-member or after erasure" }) }),
  })
  .meta({ id: 'HelpRequestSummary' });

export const HelpRequestSummaryPageSchema = pageOf(HelpRequestSummarySchema, 'HelpRequestSummaryPage');

/** One request as the worker who filed it, or the handling org's chain, sees it: with its description and timeline. */
export const HelpRequestSchema = HelpRequestSummarySchema.extend({
  description: z.string().nullable().meta({ description: 'null after the worker was erased' }),
  timeline: z.array(TimelineEntrySchema),
}).meta({ id: 'HelpRequest' });

export const HelpRequestPageSchema = pageOf(HelpRequestSchema, 'HelpRequestPage');

export const AidFundSchema = z.strictObject({ orgId: z.string(), year: z.number().int(), budgetFen: z.number().int(), spentFen: z.number().int() }).meta({ id: 'AidFund' });

export const summaryView = (request: HelpRequest): z.infer<typeof HelpRequestSummarySchema> => ({
  id: request.id,
  status: request.status,
  category: request.category,
  orgId: request.orgId,
  regionCode: request.regionCode,
  platform: request.platform ?? null,
  amountFen: request.amountFen ?? null,
  assigneeId: request.assigneeId ?? null,
  outcome: request.outcome ?? null,
  acceptBy: request.acceptBy ?? null,
  createdAt: request.createdAt,
  updatedAt: request.updatedAt,
  requester: { member: request.requester.member, name: request.requester.maskedName ?? null },
});

const entryView = (entry: TimelineEntry): z.infer<typeof TimelineEntrySchema> => ({
  at: entry.at,
  event: entry.event,
  status: entry.status,
  orgId: entry.orgId,
  by: entry.by.kind,
  note: entry.note ?? null,
  ...(entry.assigneeId ? { assigneeId: entry.assigneeId } : {}),
  ...(entry.outcome ? { outcome: entry.outcome } : {}),
});

export const requestView = (request: OpenedRequest): z.infer<typeof HelpRequestSchema> => ({
  ...summaryView(request),
  description: request.description,
  timeline: request.timeline.map(entryView),
});

export const fundView = (fund: AidFund): z.infer<typeof AidFundSchema> => ({ orgId: fund.orgId, year: fund.year, budgetFen: fund.budgetFen, spentFen: fund.spentFen });

export const AidFundParamsSchema = z.strictObject({ orgId: z.string().min(1), year: canonicalIntegerParam({ min: 2000, max: 2100 }) });
