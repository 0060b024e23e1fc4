import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { accountRepository } from '../dependencies.js';
import { AccountNotFoundError } from '../domain/account.js';
import { AccountViewSchema, accountView } from '../views.js';

export const options = {
  summary: 'The calling account',
  responses: { 200: AccountViewSchema },
};

const accounts = accountRepository();

export const getMeHandler = async ({ caller }: HttpRequest<typeof options>) => {
  const { accountId } = callerAs(caller, 'partner', 'donor', 'employer');
  const account = await accounts.get(accountId);
  if (!account) throw new AccountNotFoundError(accountId);
  return ok(accountView(account));
};

export const handler = http(getMeHandler, options);
