import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';

/**
 * A member completed a course and was issued its certificate. The jobs service adds a skills
 * course's skills to the worker's job-seeker profile as certified. Carries the worker account
 * (pseudonymous) and no name. Published by the courses service; a redelivery carries the same
 * certificate number, so consumers apply it once by that number.
 */
export const CertificateIssuedV1 = defineEvent(
  'CertificateIssued',
  1,
  z.object({
    certificateNo: z.string(),
    courseId: z.string(),
    orgId: z.string(),
    ancestors: z.array(z.string()),
    /** The worker account (the caller's `principalId`, `worker:<sub>`). */
    workerId: z.string(),
    /** `skills`, `degree`, `safety` or `other`: only a skills course certifies skills for job matching. */
    kind: z.string(),
    trade: z.string().optional(),
    /** What the course taught, as staff named it when publishing it. */
    skills: z.array(z.string()),
    issuedAt: z.string(),
  }),
);

export type CertificateIssuedV1Data = EventData<typeof CertificateIssuedV1>;
