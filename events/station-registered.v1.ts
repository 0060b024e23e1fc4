import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';

/** A union registered a service station (驿站). `ancestors` lets org stats roll stations up the tree. Published by the stations service. */
export const StationRegisteredV1 = defineEvent(
  'StationRegistered',
  1,
  z.object({
    stationId: z.string(),
    orgId: z.string(),
    /** Ids from the root down to the owning org's parent. */
    ancestors: z.array(z.string()),
    regionCode: z.string(),
    kind: z.string(),
  }),
);

export type StationRegisteredV1Data = EventData<typeof StationRegisteredV1>;
