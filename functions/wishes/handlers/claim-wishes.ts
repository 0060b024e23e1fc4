import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { wishPorts } from '../dependencies.js';
import { claimWishes } from '../use-cases/claim-wishes.js';
import { donorActor } from '../use-cases/ports.js';

const OutcomeSchema = z.discriminatedUnion('status', [
  z.strictObject({ wishId: z.string(), status: z.literal('claimed'), claimExpiresAt: z.string() }),
  z.strictObject({ wishId: z.string(), status: z.literal('conflict'), reason: z.string() }),
  z.strictObject({ wishId: z.string(), status: z.literal('not_found') }),
]);

export const options = {
  summary: 'Bulk adoption: each wish is claimed or not on its own (claimed, conflict or not_found)',
  responses: { 200: z.strictObject({ items: z.array(OutcomeSchema) }).meta({ id: 'BulkClaim' }) },
  body: z.strictObject({ wishIds: z.array(z.string().min(1).max(100)).min(1).max(100) }),
};

const ports = wishPorts();

export const claimWishesHandler = async ({ body, caller }: HttpRequest<typeof options>) =>
  ok({ items: await claimWishes(body.wishIds, donorActor(caller), ports) });

export const handler = http(claimWishesHandler, options);
