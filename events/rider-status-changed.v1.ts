import { z } from 'zod';
import { defineEvent } from './envelope.js';

/**
 * A rider of a partner platform appeared on a roster, changed, or departed. `personIndex` is the
 * keyed blind index of the rider's ID number (never the number): it lets the membership service
 * recognise a rostered person at join. Published by the rosters service.
 */
export const RiderStatusChangedV1Schema = z.object({
  partnerId: z.string(),
  /** The partner's name, shown as the member's platform. */
  platform: z.string(),
  riderId: z.string(),
  personIndex: z.string(),
  /**
   * The keyed blind index of the rider's name and mobile together (the vault's MAC, purpose
   * `contact`): lets the membership service check that a joiner's name and verified mobile are
   * the roster's, without either being published. Absent in events published before it existed.
   */
  contactIndex: z.string().optional(),
  status: z.enum(['active', 'departed']),
  regionCode: z.string(),
  station: z.string().nullable(),
});

export type RiderStatusChangedV1Data = z.infer<typeof RiderStatusChangedV1Schema>;

export const RiderStatusChangedV1 = defineEvent('RiderStatusChanged', 1, RiderStatusChangedV1Schema);
