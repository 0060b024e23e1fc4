import { accountCaller } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { accepted } from '../../../shared/http/responses.js';
import { webhookPorts } from '../dependencies.js';
import { sendPing } from '../use-cases/deliveries.js';
import { AcceptedDeliverySchema } from '../views.js';

export const options = {
  summary: 'Send a `ping` delivery to your webhook, to try your receiver (409 without a webhook)',
  responses: { 202: AcceptedDeliverySchema },
};

const ports = webhookPorts();

export const sendTestHandler = async ({ caller }: HttpRequest<typeof options>) => {
  const ping = await sendPing(accountCaller(caller), ports);
  return accepted({ id: ping.id, status: ping.status });
};

export const handler = http(sendTestHandler, options);
