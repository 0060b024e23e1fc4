import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';

/**
 * A worker's personal data was erased at their request (PIPL). Every service that keeps
 * anything linked to the worker account (wishes, job-seeker profiles, courses, help requests,
 * notifications) drops it or anonymizes it. The only id it carries is the worker account's,
 * so consumers can find what to drop; published by the membership service.
 */
export const WorkerErasedV1 = defineEvent(
  'WorkerErased',
  1,
  z.object({
    /** The worker account (the caller's `principalId`, `worker:<sub>`). */
    workerId: z.string(),
  }),
);

export type WorkerErasedV1Data = EventData<typeof WorkerErasedV1>;
