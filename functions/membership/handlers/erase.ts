import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { accepted } from '../../../shared/http/responses.js';
import { membershipPorts } from '../dependencies.js';
import { eraseMine } from '../use-cases/erase.js';
import { ClosedSchema } from '../views.js';

export const options = {
  summary: 'Erase the caller\'s personal data and every link to the membership; anonymous counts remain',
  responses: { 202: ClosedSchema },
};

const ports = membershipPorts();

export const eraseHandler = async ({ caller }: HttpRequest<typeof options>) => accepted({ status: (await eraseMine(caller, ports)).status });

export const handler = http(eraseHandler, options);
