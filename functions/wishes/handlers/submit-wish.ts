import { z } from 'zod';
import { WishCategorySchema } from '../../../events/wish-transition.js';
import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { FreeTextSchema } from '../../../shared/identity/personal-data.js';
import { wishPorts } from '../dependencies.js';
import { submitWish } from '../use-cases/submit-wish.js';
import { SubmittedSchema } from '../views.js';

export const options = {
  summary: 'A member submits a wish to a campaign of their org\'s subtree',
  responses: { 201: SubmittedSchema },
  params: z.strictObject({ campaignId: z.string().min(1) }),
  body: z.strictObject({
    title: FreeTextSchema(2, 60),
    category: WishCategorySchema,
    description: FreeTextSchema(1, 500),
    valueFen: z.number().int().min(1).max(1_000_000_000),
  }),
  idempotent: true,
};

const ports = wishPorts();

export const submitWishHandler = async ({ params, body, caller }: HttpRequest<typeof options>) => {
  const wish = await submitWish(params.campaignId, body, callerAs(caller, 'worker').principalId, ports);
  return created({ id: wish.id, status: wish.status });
};

export const handler = http(submitWishHandler, options);
