import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';

/**
 * A member took a seat of a course. Names the enrollment, not the worker: figures count seats,
 * and nothing downstream needs to know who. Published by the courses service.
 */
export const CourseEnrolledV1 = defineEvent(
  'CourseEnrolled',
  1,
  z.object({
    courseId: z.string(),
    enrollmentId: z.string(),
    orgId: z.string(),
    ancestors: z.array(z.string()),
    /** The course's seats, of which this is one. */
    seats: z.number().int(),
  }),
);

export type CourseEnrolledV1Data = EventData<typeof CourseEnrolledV1>;
