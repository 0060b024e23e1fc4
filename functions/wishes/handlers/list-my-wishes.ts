import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { pageOf } from '../../../shared/http/schemas.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { wishPorts } from '../dependencies.js';
import { actorOf } from '../use-cases/ports.js';
import { WishViewSchema, wishView } from '../views.js';
import { myWishes } from '../use-cases/queries.js';

export const options = {
  summary: 'The caller\'s own wishes with their status, newest first',
  responses: { 200: pageOf(WishViewSchema, 'MyWishPage') },
  query: PageQuerySchema,
};

const ports = wishPorts();

export const listMyWishesHandler = async ({ query, caller }: HttpRequest<typeof options>) => {
  const page = await myWishes(callerAs(caller, 'worker').principalId, query, ports);
  return ok({ items: page.items.map((wish) => wishView(actorOf(caller), wish)), nextCursor: page.nextCursor });
};

export const handler = http(listMyWishesHandler, options);
