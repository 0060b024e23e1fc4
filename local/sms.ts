import { z } from 'zod';
import { InvalidInputError } from '../shared/errors.js';
import { toProblem } from '../shared/http/middleware/problem-details.js';
import { problemResponse } from '../shared/http/problem.js';
import { ok } from '../shared/http/responses.js';
import { MobileSchema } from '../shared/identity/mobile.js';
import { localSmsTo } from '../shared/sms.js';
import { fieldErrors } from '../shared/validation.js';

const QuerySchema = z.strictObject({ mobile: MobileSchema });

/**
 * `GET /local/sms?mobile=` → `{items: [{mobile, text, sentAt}]}`, newest first: the messages the
 * local runtime would have sent (verification codes included). Served by the local gateway only;
 * the deployed stack sends real SMS and has no such route.
 */
export const smsRoute = async (_body: unknown, url: URL) => {
  const query = QuerySchema.safeParse(Object.fromEntries(url.searchParams.entries()));
  if (!query.success) return problemResponse(toProblem(new InvalidInputError(fieldErrors('query', query.error)), 'local'));
  return ok({ items: localSmsTo(query.data.mobile) });
};
