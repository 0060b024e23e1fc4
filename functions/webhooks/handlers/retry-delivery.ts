import { z } from 'zod';
import { accountCaller } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { accepted } from '../../../shared/http/responses.js';
import { webhookPorts } from '../dependencies.js';
import { retryDelivery } from '../use-cases/deliveries.js';
import { AcceptedDeliverySchema } from '../views.js';

export const options = {
  summary: 'Send one of your deliveries again now, retried for another 24 hours if it fails',
  responses: { 202: AcceptedDeliverySchema },
  params: z.strictObject({ deliveryId: z.string().min(1).max(64) }),
};

const ports = webhookPorts();

export const retryDeliveryHandler = async ({ params, caller }: HttpRequest<typeof options>) => {
  const delivery = await retryDelivery(accountCaller(caller).accountId, params.deliveryId, ports);
  return accepted({ id: delivery.id, status: delivery.status });
};

export const handler = http(retryDeliveryHandler, options);
