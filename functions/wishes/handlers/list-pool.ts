import { z } from 'zod';
import { WishCategorySchema } from '../../../events/wish-transition.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { pageOf } from '../../../shared/http/schemas.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { wishPorts } from '../dependencies.js';
import { PoolStatusSchema, listPool } from '../use-cases/list-pool.js';
import { PoolWishSchema, poolWishView } from '../views.js';

export const options = {
  summary: 'The anonymized pool of wishes: open ones by default, filtered by campaign, category, value and region prefix',
  responses: { 200: pageOf(PoolWishSchema, 'PoolWishPage') },
  query: PageQuerySchema.extend({
    campaignId: z.string().min(1).optional(),
    status: PoolStatusSchema.default('open'),
    category: WishCategorySchema.optional(),
    maxValueFen: z.coerce.number().int().nonnegative().optional(),
    regionCode: z.string().regex(/^[1-9]\d(\d{2}){0,2}$/, 'must be a region code or its 2- or 4-digit prefix').optional(),
  }),
};

const ports = wishPorts();

export const listPoolHandler = async ({ query, caller }: HttpRequest<typeof options>) => {
  const page = await listPool(query, caller, ports);
  return ok({ items: page.items.map(poolWishView), nextCursor: page.nextCursor });
};

export const handler = http(listPoolHandler, options);
