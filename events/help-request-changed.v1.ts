import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';

export const HelpCategorySchema = z.enum(['wage_arrears', 'contract_termination', 'work_injury', 'insurance_claim', 'hardship_aid', 'other']);
export const HelpStatusSchema = z.enum(['received', 'accepted', 'in_mediation', 'resolved', 'referred', 'closed']);

/** Where a help request stood: its status and handling org (with the org's ancestors, for roll-ups). */
const PlacementSchema = z.object({
  status: HelpStatusSchema,
  orgId: z.string(),
  ancestors: z.array(z.string()),
});

/**
 * A help request (维权帮扶, 困难帮扶) moved: filed (`from` null), through its states, or escalated
 * to the parent org. Carries no personal data and no description, only what org stats count by.
 * Published by the help service.
 */
export const HelpRequestChangedV1 = defineEvent(
  'HelpRequestChanged',
  1,
  z.object({
    requestId: z.string(),
    category: HelpCategorySchema,
    /** `filed`, `moved` by staff, or `escalated` when nobody accepted it in time. */
    reason: z.enum(['filed', 'moved', 'escalated']),
    from: PlacementSchema.nullable(),
    to: PlacementSchema,
    /** On resolution: money recovered for the worker, and hardship aid paid from the handling org's fund, in fen. */
    recoveredFen: z.number().int().nonnegative().optional(),
    aidFen: z.number().int().nonnegative().optional(),
  }),
);

export type HelpRequestChangedV1Data = EventData<typeof HelpRequestChangedV1>;
