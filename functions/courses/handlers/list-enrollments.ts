import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { coursePorts } from '../dependencies.js';
import { listEnrollments } from '../use-cases/enrollments.js';
import { EnrollmentPageSchema, enrollmentView } from '../views.js';

export const options = {
  summary: 'A course\'s enrolled workers, masked (staff of its org or above)',
  responses: { 200: EnrollmentPageSchema },
  params: z.strictObject({ courseId: z.string().min(1) }),
  query: PageQuerySchema,
};

const ports = coursePorts();

export const listEnrollmentsHandler = async ({ params, query, caller }: HttpRequest<typeof options>) => {
  const page = await listEnrollments(params.courseId, caller, query, ports);
  return ok({ items: page.items.map(enrollmentView), nextCursor: page.nextCursor });
};

export const handler = http(listEnrollmentsHandler, options);
