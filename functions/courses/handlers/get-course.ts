import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { coursePorts } from '../dependencies.js';
import { getCourse } from '../use-cases/courses.js';
import { CourseSchema, courseView } from '../views.js';

export const options = {
  summary: 'A course, with the seats left',
  responses: { 200: CourseSchema },
  params: z.strictObject({ courseId: z.string().min(1) }),
};

const ports = coursePorts();

export const getCourseHandler = async ({ params }: HttpRequest<typeof options>) => ok(courseView(await getCourse(params.courseId, ports)));

export const handler = http(getCourseHandler, options);
