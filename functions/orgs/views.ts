import { z } from 'zod';
import { OrgKindSchema, type Org } from './domain/org.js';

export const OrgViewSchema = z
  .strictObject({ id: z.string(), name: z.string(), kind: OrgKindSchema, parentId: z.string().nullable(), regionCode: z.string() })
  .meta({ id: 'Org' });

/** What the API shows of an org. */
export const orgView = (org: Org): z.infer<typeof OrgViewSchema> => ({
  id: org.id,
  name: org.name,
  kind: org.kind,
  parentId: org.parentId,
  regionCode: org.regionCode,
});
