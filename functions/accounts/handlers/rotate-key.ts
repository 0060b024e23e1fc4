import { z } from 'zod';
import { issueApiKey } from '../../../shared/auth/api-key.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { accountRepository } from '../dependencies.js';
import { ApiKeySchema, AccountNotFoundError } from '../domain/account.js';

export const options = {
  summary: 'Issue a new API key; the previous one stops working',
  responses: { 201: ApiKeySchema },
  params: z.strictObject({ accountId: z.string().min(1) }),
};

const accounts = accountRepository();

/** Issues a new key; the previous one stops working in the same transaction. No Idempotency-Key cache: it would keep the key. */
export const rotateKeyHandler = async ({ params }: HttpRequest<typeof options>) => {
  const account = await accounts.get(params.accountId);
  if (!account) throw new AccountNotFoundError(params.accountId);
  const { apiKey, keyHash } = issueApiKey();
  await accounts.replaceKey(account, keyHash);
  return created({ apiKey });
};

export const handler = http(rotateKeyHandler, options);
