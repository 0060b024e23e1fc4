import { accountCaller } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { webhookPorts } from '../dependencies.js';
import { listDeliveries } from '../use-cases/deliveries.js';
import { DeliveryPageSchema, DeliveryStatusSchema, deliveryView } from '../views.js';

export const options = {
  summary: "The account's webhook deliveries, newest first: status, attempts, last answer, next attempt",
  responses: { 200: DeliveryPageSchema },
  query: PageQuerySchema.extend({ status: DeliveryStatusSchema.optional() }),
};

const ports = webhookPorts();

export const listDeliveriesHandler = async ({ query, caller }: HttpRequest<typeof options>) => {
  const { status, ...page } = query;
  const deliveries = await listDeliveries(accountCaller(caller).accountId, status, page, ports);
  return ok({ items: deliveries.items.map(deliveryView), nextCursor: deliveries.nextCursor });
};

export const handler = http(listDeliveriesHandler, options);
