import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { TradeSchema } from '../../../shared/trades.js';
import { PageQuerySchema, RegionCodeSchema } from '../../../shared/validation.js';
import { coursePorts } from '../dependencies.js';
import { listCourses } from '../use-cases/courses.js';
import { CoursePageSchema, courseView } from '../views.js';

export const options = {
  summary: 'Upcoming courses, soonest first, with the seats left: of a trade, within a region (online ones in every region), from an instant',
  responses: { 200: CoursePageSchema },
  query: PageQuerySchema.extend({
    trade: TradeSchema.optional(),
    regionCode: RegionCodeSchema.optional().describe('a province, city or district code: courses held within it, and every online course'),
    from: z.iso.datetime({ offset: true }).optional().describe('courses starting at or after this instant (default now)'),
  }),
};

const ports = coursePorts();

export const listCoursesHandler = async ({ query: { limit, cursor, from, ...search } }: HttpRequest<typeof options>) => {
  const page = await listCourses({ ...search, ...(from ? { from: new Date(from) } : {}) }, { limit, ...(cursor ? { cursor } : {}) }, ports);
  return ok({ items: page.items.map(courseView), nextCursor: page.nextCursor });
};

export const handler = http(listCoursesHandler, options);
