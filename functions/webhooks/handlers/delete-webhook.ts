import { accountCaller } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { noContent } from '../../../shared/http/responses.js';
import { webhookPorts } from '../dependencies.js';
import { deleteWebhook } from '../use-cases/subscriptions.js';

export const options = {
  summary: "Remove the account's webhook; deliveries still due are not sent",
  responses: { 204: null },
};

const ports = webhookPorts();

export const deleteWebhookHandler = async ({ caller }: HttpRequest<typeof options>) => {
  await deleteWebhook(accountCaller(caller).accountId, ports);
  return noContent();
};

export const handler = http(deleteWebhookHandler, options);
