import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { wishPorts } from '../dependencies.js';
import { markNotificationsRead } from '../use-cases/queries.js';

export const options = {
  summary: 'Marks the worker\'s notifications with these ids read (ids that are not theirs change nothing)',
  responses: { 200: z.strictObject({ marked: z.number().int() }).meta({ id: 'NotificationsRead' }) },
  body: z.strictObject({ ids: z.array(z.string().min(1).max(100)).min(1).max(100) }),
};

const ports = wishPorts();

export const readNotificationsHandler = async ({ body, caller }: HttpRequest<typeof options>) =>
  ok({ marked: await markNotificationsRead(callerAs(caller, 'worker').principalId, body.ids, ports) });

export const handler = http(readNotificationsHandler, options);
