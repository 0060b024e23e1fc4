import { z } from 'zod';

/** What a new-employment-form worker does, as members declare it and partner rosters report it. */
export const OccupationSchema = z.enum([
  'courier',
  'food_delivery',
  'ride_hailing',
  'truck_driver',
  'internet_marketing',
  'domestic_service',
  'other',
]);

export type Occupation = z.infer<typeof OccupationSchema>;
