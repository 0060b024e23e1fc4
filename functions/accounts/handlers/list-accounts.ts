import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { accountPorts } from '../dependencies.js';
import { AccountKindSchema } from '../domain/account.js';
import { listAccounts } from '../use-cases/read-accounts.js';
import { AccountPageSchema, accountListItemView } from '../views.js';

export const options = {
  summary: 'Accounts of one kind, oldest first, without keys',
  responses: { 200: AccountPageSchema },
  query: PageQuerySchema.extend({ kind: AccountKindSchema }),
};

const ports = accountPorts();

export const listAccountsHandler = async ({ query }: HttpRequest<typeof options>) => {
  const page = await listAccounts(query.kind, query, ports);
  return ok({ items: page.items.map(accountListItemView), nextCursor: page.nextCursor });
};

export const handler = http(listAccountsHandler, options);
