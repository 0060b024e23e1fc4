import { z } from 'zod';
import { provinceCode } from '../../../shared/config.js';
import { piiVault } from '../../../shared/crypto/pii-vault.js';
import { InvalidInputError } from '../../../shared/errors.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { newId } from '../../../shared/ids.js';
import { IdNumberSchema } from '../../../shared/identity/id-number.js';
import { maskIdNumber, maskMobile, maskName } from '../../../shared/identity/mask.js';
import { MobileSchema, PersonNameSchema } from '../../../shared/identity/mobile.js';
import { RegionCodeSchema } from '../../../shared/validation.js';
import { nameSchema } from '../../../shared/text.js';
import { joinLinkMac, membershipRepository } from '../dependencies.js';
import { activate } from '../approval.js';
import { joinSourceOf, verifyJoinLink } from '../domain/join-link.js';
import { MembershipStatusViewSchema, join, OccupationSchema, statusView } from '../domain/membership.js';

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
    consent: z.strictObject({ version: z.string().min(1).max(20), accepted: z.literal(true) }),
  }),
  idempotent: true,
};

const memberships = membershipRepository();
const vault = piiVault();
const mac = joinLinkMac();

/**
 * A worker joins the org of a scanned join link. The ID number is kept only as a keyed hash
 * (to find the same person again) and, with the name and mobile, as envelope-encrypted
 * ciphertext bound to the membership id. A person on any partner's active roster in the
 * province is active at once, listing every such platform; anyone else waits for review.
 */
export const joinHandler = async ({ body, caller }: HttpRequest<typeof options>) => {
  const now = new Date();
  const province = provinceCode();
  const claims = await verifyJoinLink(body.joinToken, mac, now);
  const org = await memberships.getOrg(claims.orgId);
  if (!org) throw InvalidInputError.field('body.joinToken', 'names an org that does not exist');
  const id = newId('mem');
  const blindIndex = await vault.mac('id-number', body.idNumber);
  const { membership, event, verified } = join(
    {
      occupation: body.occupation,
      platform: body.platform,
      rosteredOn: await memberships.rosteredPlatforms(blindIndex),
      regionCode: body.regionCode,
      consent: body.consent,
      masked: { name: maskName(body.name), mobile: maskMobile(body.mobile), idNumber: maskIdNumber(body.idNumber) },
    },
    { id, workerId: caller.principalId, org, joinSource: joinSourceOf(claims), province, now },
  );
  const sealed = {
    blindIndex,
    ciphertext: await vault.encrypt(JSON.stringify({ name: body.name, mobile: body.mobile, idNumber: body.idNumber }), { membershipId: id }),
  };
  await memberships.create(membership, sealed, event);
  return created(statusView(verified ? await activate(memberships, membership, now) : membership));
};

export const handler = http(joinHandler, options);
