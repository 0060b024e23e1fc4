import { z } from 'zod';
import type { JoinLink } from './domain/join-link.js';
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

/** The answer to `POST /v1/orgs/{orgId}/join-links`. */
export const JoinLinkSchema = z.strictObject({ token: z.string(), url: z.string(), expiresAt: z.string() }).meta({ id: 'JoinLink' });

export const JoinLinkListItemSchema = z
  .strictObject({ linkId: z.string(), token: z.string(), url: z.string(), station: z.string().nullable(), campaign: z.string().nullable(), expiresAt: z.string(), createdAt: z.string() })
  .meta({ id: 'JoinLinkListItem' });

export const joinLinkView = (link: JoinLink): z.infer<typeof JoinLinkSchema> => ({ token: link.token, url: link.url, expiresAt: new Date(link.expiresAt * 1000).toISOString() });

export const joinLinkListItemView = (link: JoinLink): z.infer<typeof JoinLinkListItemSchema> => ({
  linkId: link.linkId,
  token: link.token,
  url: link.url,
  station: link.station ?? null,
  campaign: link.campaign ?? null,
  expiresAt: new Date(link.expiresAt * 1000).toISOString(),
  createdAt: link.createdAt,
});
