import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';

/**
 * Staff revoked a join link: joins through it are refused from that moment (the membership
 * service checks its own record of revocations). Published by the membership service; the orgs
 * service drops the link from the org's list of live links.
 */
export const JoinLinkRevokedV1 = defineEvent(
  'JoinLinkRevoked',
  1,
  z.object({
    linkId: z.string(),
    orgId: z.string(),
  }),
);

export type JoinLinkRevokedV1Data = EventData<typeof JoinLinkRevokedV1>;
