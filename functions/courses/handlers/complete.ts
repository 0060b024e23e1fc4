import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { coursePorts } from '../dependencies.js';
import { completeCourse } from '../use-cases/completions.js';
import { CompletionsSchema } from '../views.js';

export const options = {
  summary: 'Record that enrolled workers completed a course: a certificate each (the same one again for a worker who has it)',
  responses: { 200: CompletionsSchema },
  params: z.strictObject({ courseId: z.string().min(1) }),
  body: z.strictObject({ workerIds: z.array(z.string().min(1).max(200)).min(1).max(100) }),
};

const ports = coursePorts();

export const completeHandler = async ({ params, body, caller }: HttpRequest<typeof options>) =>
  ok({ certificates: await completeCourse(params.courseId, body.workerIds, caller, ports) });

export const handler = http(completeHandler, options);
