import { accountCaller } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { accountPorts } from '../dependencies.js';
import { ownAccount } from '../use-cases/read-accounts.js';
import { AccountViewSchema, accountView } from '../views.js';

export const options = {
  summary: 'The calling account',
  responses: { 200: AccountViewSchema },
};

const ports = accountPorts();

export const getMeHandler = async ({ caller }: HttpRequest<typeof options>) => {
  const { accountId } = accountCaller(caller);
  return ok(accountView(await ownAccount(accountId, ports)));
};

export const handler = http(getMeHandler, options);
