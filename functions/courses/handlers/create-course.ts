import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { coursePorts } from '../dependencies.js';
import { CourseInputSchema } from '../domain/course.js';
import { createCourse } from '../use-cases/courses.js';
import { CourseSchema, courseView } from '../views.js';

export const options = {
  summary: 'Publish a course (skills, degree upgrade, safety) with seats, for an org in your subtree',
  responses: { 201: CourseSchema },
  body: CourseInputSchema,
  idempotent: true,
};

const ports = coursePorts();

export const createCourseHandler = async ({ body, caller }: HttpRequest<typeof options>) => created(courseView(await createCourse(body, caller, ports)));

export const handler = http(createCourseHandler, options);
