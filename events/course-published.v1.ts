import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';

/** A union published a course (skills, degree upgrade, safety) with its seats. `ancestors` lets figures roll courses up the tree. Published by the courses service. */
export const CoursePublishedV1 = defineEvent(
  'CoursePublished',
  1,
  z.object({
    courseId: z.string(),
    orgId: z.string(),
    /** Ids from the root down to the owning org's parent. */
    ancestors: z.array(z.string()),
    kind: z.string(),
    /** The trade it teaches, when it names one (a job posting's trade). */
    trade: z.string().optional(),
    seats: z.number().int(),
    startsAt: z.string(),
    online: z.boolean(),
  }),
);

export type CoursePublishedV1Data = EventData<typeof CoursePublishedV1>;
