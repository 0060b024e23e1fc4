import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { nameSchema } from '../../../shared/text.js';
import { isValidCreditCode } from '../../../shared/identity/credit-code.js';
import { keyIssuingPorts } from '../dependencies.js';
import { AccountKindSchema } from '../domain/account.js';
import { createAccount } from '../use-cases/create-account.js';
import { NewAccountSchema, accountView } from '../views.js';

export const options = {
  summary: 'Create a partner, donor or employer account; its API key is shown only here',
  responses: { 201: NewAccountSchema },
  body: z.strictObject({
    kind: AccountKindSchema,
    name: nameSchema({ min: 2, max: 60 }),
    creditCode: z.string().refine(isValidCreditCode, 'must be an 18-character unified social credit code with a valid GB 32100 check character'),
    tier: z
      .string()
      .min(1)
      .max(30)
      .optional()
      .meta({ description: "The usage tier the gateway throttles the account by (rate, burst, daily quota): one of the province's tiers; `standard` when left out" }),
  }),
};

const ports = keyIssuingPorts();

/**
 * Not wrapped in Idempotency-Key support on purpose: that would store the key in plain text
 * with the cached answer. A retry is refused with 409 by the credit code's uniqueness instead.
 */
export const createAccountHandler = async ({ body }: HttpRequest<typeof options>) => {
  const { account, apiKey } = await createAccount(body, ports);
  return created({ ...accountView(account), apiKey });
};

export const handler = http(createAccountHandler, options);
