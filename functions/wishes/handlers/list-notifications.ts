import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { pageOf } from '../../../shared/http/schemas.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { wishPorts } from '../dependencies.js';
import { NotificationSchema, notificationView } from '../views.js';
import { myNotifications } from '../use-cases/queries.js';

export const options = {
  summary: 'The worker\'s notifications about their wishes, newest first',
  responses: { 200: pageOf(NotificationSchema, 'NotificationPage') },
  query: PageQuerySchema,
};

const ports = wishPorts();

export const listNotificationsHandler = async ({ query, caller }: HttpRequest<typeof options>) => {
  const page = await myNotifications(callerAs(caller, 'worker').principalId, query, ports);
  return ok({ items: page.items.map(notificationView), nextCursor: page.nextCursor });
};

export const handler = http(listNotificationsHandler, options);
