import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';

/**
 * A worker created or changed their job-seeker profile. Only the worker account's id (the
 * caller's `principalId`): the profile itself stays in the jobs service, visible to the worker
 * alone. Published by the jobs service, for its matcher.
 */
export const SeekerProfileUpdatedV1 = defineEvent(
  'SeekerProfileUpdated',
  1,
  z.object({
    workerId: z.string(),
  }),
);

export type SeekerProfileUpdatedV1Data = EventData<typeof SeekerProfileUpdatedV1>;
