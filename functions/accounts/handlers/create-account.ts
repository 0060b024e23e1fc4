import { z } from 'zod';
import { issueApiKey } from '../../../shared/auth/api-key.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { nameSchema } from '../../../shared/text.js';
import { newId } from '../../../shared/ids.js';
import { isValidCreditCode } from '../../../shared/identity/credit-code.js';
import { accountRepository } from '../dependencies.js';
import { NewAccountSchema, AccountKindSchema, accountView, type Account } from '../domain/account.js';

export const options = {
  summary: 'Create a partner, donor or employer account; its API key is shown only here',
  responses: { 201: NewAccountSchema },
  body: z.strictObject({
    kind: AccountKindSchema,
    name: nameSchema({ min: 2, max: 60 }),
    creditCode: z.string().refine(isValidCreditCode, 'must be an 18-character unified social credit code with a valid GB 32100 check character'),
  }),
};

const accounts = accountRepository();

/**
 * Creates a partner, donor or employer account; its API key is in this answer and nowhere else.
 * Not wrapped in Idempotency-Key support on purpose: that would store the key in plain text
 * with the cached answer. A retry is refused with 409 by the credit code's uniqueness instead.
 */
export const createAccountHandler = async ({ body }: HttpRequest<typeof options>) => {
  const account: Account = { id: newId('acc'), ...body, createdAt: new Date().toISOString() };
  const { apiKey, keyHash } = issueApiKey();
  await accounts.create(account, keyHash);
  return created({ ...accountView(account), apiKey });
};

export const handler = http(createAccountHandler, options);
