import { createHash } from 'node:crypto';
import { z } from 'zod';
import { envelope, type Envelope } from '../../../events/envelope.js';
import { SeekerProfileUpdatedV1 } from '../../../events/seeker-profile-updated.v1.js';
import { InvalidInputError, type FieldError } from '../../../shared/errors.js';
import { RegionCodeSchema } from '../../../shared/validation.js';
import { DaysSchema, HhmmSchema } from '../../../shared/wall-clock.js';
import { normalizeSkill } from '../../../shared/trades.js';
import { SkillsSchema, TradeSchema } from './job.js';

/** `PUT /v1/job-seekers/me`: what a worker looks for. */
export const SeekerInputSchema = z.strictObject({
  trades: z.array(TradeSchema).min(1).max(14),
  skills: SkillsSchema,
  regionCodes: z.array(RegionCodeSchema).min(1).max(10).meta({ description: 'Where the worker can work; a city code (350200) means the whole city' }),
  days: DaysSchema,
  windows: z.array(z.strictObject({ start: HhmmSchema, end: HhmmSchema })).max(6).optional()
    .meta({ description: 'Hours the worker is free on those days; none means all day. An end not after the start is the next morning' }),
  payMinFen: z.number().int().min(1).max(10_000_000).optional().meta({ description: 'Lowest acceptable pay per hour, in fen' }),
});
export type SeekerInput = z.infer<typeof SeekerInputSchema>;

/** A skill and the certificate that vouches for it. */
export interface CertifiedSkill {
  skill: string;
  certificateNo: string;
}

/** A course certificate as the jobs service keeps it under the worker, from CertificateIssued. */
export interface SeekerCertificate {
  certificateNo: string;
  courseId: string;
  kind: string;
  skills: string[];
  issuedAt: string;
}

/**
 * The skills a worker's certificates vouch for: only a skills course certifies skills (a
 * degree or safety course certifies no job skill); each skill once (compared as matching
 * compares them), vouched for by its earliest certificate.
 */
export function certifiedSkillsOf(certificates: readonly SeekerCertificate[]): CertifiedSkill[] {
  const found = new Map<string, CertifiedSkill>();
  const oldestFirst = [...certificates].sort((a, b) => a.issuedAt.localeCompare(b.issuedAt) || a.certificateNo.localeCompare(b.certificateNo));
  for (const certificate of oldestFirst) {
    if (certificate.kind !== 'skills') continue;
    for (const skill of certificate.skills) if (!found.has(normalizeSkill(skill))) found.set(normalizeSkill(skill), { skill, certificateNo: certificate.certificateNo });
  }
  return [...found.values()];
}

/**
 * The profile with the skills its certificates vouch for, and its event, or undefined when it
 * has them already (a redelivered certificate changes nothing). `updatedAt` moves, so a PUT
 * that read the profile before cannot overwrite what this adds.
 */
export function certifyProfile(profile: SeekerProfile, certificates: readonly SeekerCertificate[], context: { now: Date; province: string }): { profile: SeekerProfile; event: Envelope } | undefined {
  const certifiedSkills = certifiedSkillsOf(certificates);
  if (JSON.stringify(certifiedSkills) === JSON.stringify(profile.certifiedSkills)) return undefined;
  const now = context.now.toISOString() === profile.updatedAt ? new Date(context.now.getTime() + 1) : context.now;
  return {
    profile: { ...profile, certifiedSkills, updatedAt: now.toISOString() },
    event: envelope(SeekerProfileUpdatedV1, { workerId: profile.workerId }, { ...context, now }),
  };
}

/** A worker's job-seeker profile. Only the worker sees it; employers see matches under a per-job pseudonym. */
export interface SeekerProfile {
  /** The worker account (the caller's `principalId`). */
  workerId: string;
  trades: SeekerInput['trades'];
  skills: string[];
  regionCodes: string[];
  days: number[];
  windows: { start: string; end: string }[];
  payMinFen: number | null;
  /**
   * Skills a course certificate vouches for (api.md: a completed skills course adds its skills as
   * certified). Kept apart from the declared `skills`, which a PUT replaces; these only
   * certificates bring, and a PUT keeps.
   */
  certifiedSkills: CertifiedSkill[];
  updatedAt: string;
  /** Random per profile: keys the seeker's per-job pseudonyms, so two jobs' lists cannot be linked. */
  pseudonymSalt: string;
}

export function planProfile(
  input: SeekerInput,
  context: { workerId: string; previous: SeekerProfile | undefined; certificates?: readonly SeekerCertificate[]; salt: string; now: Date; province: string },
): { profile: SeekerProfile; event: Envelope } {
  const errors: FieldError[] = input.regionCodes
    .map((code, i) => ({ code, i }))
    .filter(({ code }) => !code.startsWith(context.province))
    .map(({ i }) => ({ path: `body.regionCodes.${i}`, message: `must lie within province ${context.province}` }));
  if (errors.length > 0) throw new InvalidInputError(errors);
  const profile: SeekerProfile = {
    workerId: context.workerId,
    trades: [...new Set(input.trades)],
    skills: [...new Set(input.skills)],
    regionCodes: [...new Set(input.regionCodes)],
    days: input.days,
    windows: input.windows ?? [],
    payMinFen: input.payMinFen ?? null,
    certifiedSkills: certifiedSkillsOf(context.certificates ?? []),
    updatedAt: context.now.toISOString(),
    pseudonymSalt: context.previous?.pseudonymSalt ?? context.salt,
  };
  return { profile, event: envelope(SeekerProfileUpdatedV1, { workerId: context.workerId }, context) };
}

/** The seeker as one job's employer knows them: the same for that job, unrelated across jobs. */
export const seekerPseudonym = (profile: Pick<SeekerProfile, 'pseudonymSalt'>, jobId: string): string =>
  `skr_${createHash('sha256').update(`${profile.pseudonymSalt}\u0000${jobId}`).digest('base64url').slice(0, 22)}`;
