import { accountCaller } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { webhookPorts } from '../dependencies.js';
import { getWebhook } from '../use-cases/subscriptions.js';
import { WebhookSchema, webhookView } from '../views.js';

export const options = {
  summary: "The account's webhook, without its secret",
  responses: { 200: WebhookSchema },
};

const ports = webhookPorts();

export const getWebhookHandler = async ({ caller }: HttpRequest<typeof options>) =>
  ok(webhookView(await getWebhook(accountCaller(caller).accountId, ports)));

export const handler = http(getWebhookHandler, options);
