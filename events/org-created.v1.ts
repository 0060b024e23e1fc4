import { z } from 'zod';
import { defineEvent } from './envelope.js';

/** An org joined the union tree of a province. Published by the orgs service. */
export const OrgCreatedV1Schema = z.object({
  orgId: z.string(),
  name: z.string(),
  kind: z.enum(['federation', 'industry_federation', 'joint_union', 'enterprise_union']),
  parentId: z.string().nullable(),
  /** Ids from the root down to the parent: lets consumers roll figures up the tree. */
  ancestors: z.array(z.string()),
  regionCode: z.string().regex(/^\d{6}$/),
});

export type OrgCreatedV1Data = z.infer<typeof OrgCreatedV1Schema>;

export const OrgCreatedV1 = defineEvent('OrgCreated', 1, OrgCreatedV1Schema);
