import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { accepted } from '../../../shared/http/responses.js';
import { MobileSchema } from '../../../shared/identity/mobile.js';
import { membershipPorts } from '../dependencies.js';
import { requestMobileVerification } from '../use-cases/verify-mobile.js';
import { MobileVerificationSchema } from '../views.js';

export const options = {
  summary: 'Send a one-time SMS code to the mobile the caller will join with',
  responses: { 202: MobileVerificationSchema },
  body: z.strictObject({ mobile: MobileSchema }),
};

const ports = membershipPorts();

export const verifyMobileHandler = async ({ body, caller }: HttpRequest<typeof options>) => accepted(await requestMobileVerification(body, caller, ports));

export const handler = http(verifyMobileHandler, options);
