import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { accountRepository } from '../dependencies.js';
import { AccountViewSchema, AccountNotFoundError, accountView } from '../domain/account.js';

export const options = {
  summary: 'The calling account',
  responses: { 200: AccountViewSchema },
};

const accounts = accountRepository();

export const getMeHandler = async ({ caller }: HttpRequest<typeof options>) => {
  if (!('accountId' in caller)) throw new AccountNotFoundError(caller.principalId);
  const account = await accounts.get(caller.accountId);
  if (!account) throw new AccountNotFoundError(caller.accountId);
  return ok(accountView(account));
};

export const handler = http(getMeHandler, options);
