import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { accountRepository } from '../dependencies.js';
import { AccountKindSchema } from '../domain/account.js';
import { AccountPageSchema, accountListItemView } from '../views.js';

export const options = {
  summary: 'Accounts of one kind, oldest first, without keys',
  responses: { 200: AccountPageSchema },
  query: PageQuerySchema.extend({ kind: AccountKindSchema }),
};

const accounts = accountRepository();

export const listAccountsHandler = async ({ query }: HttpRequest<typeof options>) => {
  const page = await accounts.listByKind(query.kind, query);
  return ok({ items: page.items.map(accountListItemView), nextCursor: page.nextCursor });
};

export const handler = http(listAccountsHandler, options);
