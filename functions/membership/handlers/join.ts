import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { IdNumberSchema } from '../../../shared/identity/id-number.js';
import { MobileSchema, PersonNameSchema } from '../../../shared/identity/mobile.js';
import { OccupationSchema } from '../../../shared/occupations.js';
import { RegionCodeSchema } from '../../../shared/validation.js';
import { nameSchema } from '../../../shared/text.js';
import { membershipPorts } from '../dependencies.js';
import { join } from '../use-cases/join.js';
import { MembershipStatusViewSchema, statusView } from '../views.js';

export const options = {
  summary: 'Join the org of a join link',
  responses: { 201: MembershipStatusViewSchema },
  body: z.strictObject({
    joinToken: z.string().min(1).max(2048),
    name: PersonNameSchema,
    mobile: MobileSchema,
    idNumber: IdNumberSchema,
    occupation: OccupationSchema,
    platform: nameSchema({ min: 1, max: 40 }).optional(),
    regionCode: RegionCodeSchema,
    consent: z.strictObject({ version: z.string().min(1).max(20), accepted: z.literal(true), shareWithPlatforms: z.boolean().optional() }),
    mobileVerification: z.strictObject({ verificationId: z.string().min(1).max(64), code: z.string().regex(/^\d{6}$/, 'must be the 6-digit code') }).optional(),
  }),
  idempotent: true,
};

const ports = membershipPorts();

/** A worker joins the org of a scanned join link: active at once only with a roster match and a verified mobile. */
export const joinHandler = async ({ body, caller }: HttpRequest<typeof options>) => created(statusView(await join(body, caller, ports)));

export const handler = http(joinHandler, options);
