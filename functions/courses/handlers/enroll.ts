import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { coursePorts } from '../dependencies.js';
import { enroll } from '../use-cases/enrollments.js';
import { EnrollmentCreatedSchema } from '../views.js';

export const options = {
  summary: 'Take a seat of a course (an active member); 409 when it is full, has ended or you hold a seat',
  responses: { 201: EnrollmentCreatedSchema },
  params: z.strictObject({ courseId: z.string().min(1) }),
  idempotent: true,
};

const ports = coursePorts();

export const enrollHandler = async ({ params, caller }: HttpRequest<typeof options>) => {
  const enrollment = await enroll(params.courseId, callerAs(caller, 'worker').principalId, ports);
  return created({ enrollmentId: enrollment.id, courseId: enrollment.courseId, status: 'enrolled' as const });
};

export const handler = http(enrollHandler, options);
