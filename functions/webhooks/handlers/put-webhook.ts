import { accountCaller } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { webhookPorts } from '../dependencies.js';
import { putWebhook } from '../use-cases/subscriptions.js';
import { WebhookInputSchema, WebhookWithSecretSchema } from '../views.js';

export const options = {
  summary: "Set the account's webhook: https to a public host and the events to send; answers a new signing secret, shown only here",
  responses: { 200: WebhookWithSecretSchema },
  body: WebhookInputSchema,
};

const ports = webhookPorts();

export const putWebhookHandler = async ({ body, caller }: HttpRequest<typeof options>) => {
  const { subscription, secret } = await putWebhook(accountCaller(caller), body, ports);
  return ok({ url: subscription.url, events: subscription.events, secret });
};

export const handler = http(putWebhookHandler, options);
