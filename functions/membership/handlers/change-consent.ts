import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { membershipPorts } from '../dependencies.js';
import { changeConsent } from '../use-cases/consent.js';
import { ConsentViewSchema, consentView } from '../views.js';

export const options = {
  summary: 'Give or withdraw consent to let partner platforms see the caller\'s membership',
  responses: { 200: ConsentViewSchema },
  body: z.strictObject({ shareWithPlatforms: z.boolean() }),
};

const ports = membershipPorts();

export const changeConsentHandler = async ({ body, caller }: HttpRequest<typeof options>) => ok(consentView(await changeConsent(body, caller, ports)));

export const handler = http(changeConsentHandler, options);
