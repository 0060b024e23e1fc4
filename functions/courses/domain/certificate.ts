import { z } from 'zod';
import { CertificateIssuedV1, type CertificateIssuedV1Data } from '../../../events/certificate-issued.v1.js';
import { envelope, type Envelope } from '../../../events/envelope.js';
import { inShanghai } from '../../../shared/wall-clock.js';
import type { Course, Enrollment } from './course.js';
import { CourseNotStartedError } from './errors.js';

/** Crockford's base32: no I, L, O or U, so a number read out over the phone is not misheard. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARACTERS = 10;

/** `CERT-<province>-<year>-<10 characters>`, e.g. `CERT-35-2026-7K3M9QXA2F`. */
export const CertificateNoSchema = z
  .string()
  .regex(/^CERT-\d{2}-\d{4}-[0-9A-HJKMNP-TV-Z]{10}$/, 'must be a certificate number such as CERT-35-2026-7K3M9QXA2F')
  .meta({ description: 'A certificate number, e.g. CERT-35-2026-7K3M9QXA2F' });

/**
 * A certificate number: the province, the year of issue in Asia/Shanghai and 50 random bits
 * (taken from the hex digits of `entropy`, a random id such as `cert_4f1c…`), so numbers cannot be guessed one from
 * another: the verification route is public.
 */
export function certificateNumber(province: string, issuedAt: Date, entropy: string): string {
  // The id's random part follows its prefix (`cert_…`), whose letters may be hex digits too.
  const hex = entropy.slice(entropy.lastIndexOf('_') + 1).replace(/[^0-9a-f]/gi, '').slice(-13);
  let value = BigInt(`0x0${hex}`);
  let random = '';
  for (let i = 0; i < RANDOM_CHARACTERS; i++) {
    random = CROCKFORD[Number(value % 32n)]! + random;
    value /= 32n;
  }
  return `CERT-${province}-${inShanghai(issuedAt).getUTCFullYear()}-${random}`;
}

/** An issued certificate: what the course was and who holds it, by masked name only (null once erased, or when none was known). */
export interface Certificate {
  certificateNo: string;
  courseId: string;
  title: string;
  kind: Course['kind'];
  trade?: Course['trade'];
  skills: string[];
  orgId: string;
  orgName: string;
  issuedAt: string;
  holderName: string | null;
}

export type Completion =
  | { issued: true; certificate: Certificate; enrollment: Enrollment; event: Envelope<CertificateIssuedV1Data> }
  | { issued: false; certificateNo: string };

/**
 * An enrolled worker completes a course. Once the course has begun, staff record it and a
 * certificate is issued; a worker who holds one already keeps it (the same number again), so a
 * repeated completion changes nothing.
 */
export function planCompletion(
  course: Course,
  enrollment: Enrollment & { workerId: string },
  context: { certificateNo: string; holderName: string | null; now: Date; province: string },
): Completion {
  if (enrollment.certificateNo) return { issued: false, certificateNo: enrollment.certificateNo };
  if (context.now.getTime() < Date.parse(course.startsAt)) throw new CourseNotStartedError(course.id);
  const issuedAt = context.now.toISOString();
  const certificate: Certificate = {
    certificateNo: context.certificateNo,
    courseId: course.id,
    title: course.title,
    kind: course.kind,
    ...(course.trade ? { trade: course.trade } : {}),
    skills: [...course.skills],
    orgId: course.orgId,
    orgName: course.orgName,
    issuedAt,
    holderName: context.holderName,
  };
  const event = envelope(
    CertificateIssuedV1,
    {
      certificateNo: certificate.certificateNo,
      courseId: course.id,
      orgId: course.orgId,
      ancestors: course.ancestors,
      workerId: enrollment.workerId,
      kind: course.kind,
      ...(course.trade ? { trade: course.trade } : {}),
      skills: certificate.skills,
      issuedAt,
    },
    context,
  );
  return { issued: true, certificate, enrollment: { ...enrollment, status: 'completed', certificateNo: certificate.certificateNo, completedAt: issuedAt }, event };
}
