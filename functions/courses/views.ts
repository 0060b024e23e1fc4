import { z } from 'zod';
import { pageOf } from '../../shared/http/schemas.js';
import { TradeSchema } from '../../shared/trades.js';
import type { Certificate } from './domain/certificate.js';
import { CourseInputSchema, CourseKindSchema, seatsLeft, type Course, type Enrollment } from './domain/course.js';

export const CourseSchema = z
  .strictObject({
    ...CourseInputSchema.shape,
    id: z.string(),
    orgName: z.string(),
    regionCode: z.string().meta({ description: 'Where it is held: the location\'s region, else the org\'s' }),
    seatsLeft: z.number().int().min(0),
    createdAt: z.string(),
  })
  .meta({ id: 'Course' });

export const CoursePageSchema = pageOf(CourseSchema, 'CoursePage');

export const courseView = (course: Course): z.infer<typeof CourseSchema> => ({
  id: course.id,
  orgId: course.orgId,
  orgName: course.orgName,
  title: course.title,
  kind: course.kind,
  ...(course.trade ? { trade: course.trade } : {}),
  skills: course.skills,
  startsAt: course.startsAt,
  endsAt: course.endsAt,
  seats: course.seats,
  seatsLeft: seatsLeft(course),
  online: course.online,
  ...(course.location ? { location: course.location } : {}),
  regionCode: course.regionCode,
  createdAt: course.createdAt,
});

export const EnrollmentCreatedSchema = z.strictObject({ enrollmentId: z.string(), courseId: z.string(), status: z.literal('enrolled') }).meta({ id: 'EnrollmentCreated' });

export const EnrollmentSchema = z
  .strictObject({
    enrollmentId: z.string(),
    workerId: z.string().nullable().meta({ description: 'The worker account; null once the worker was erased' }),
    name: z.string().nullable().meta({ description: 'masked, e.g. 林*; null when unknown or erased' }),
    enrolledAt: z.string(),
    status: z.enum(['enrolled', 'completed']),
    certificateNo: z.string().optional(),
  })
  .meta({ id: 'Enrollment' });

export const EnrollmentPageSchema = pageOf(EnrollmentSchema, 'EnrollmentPage');

export const enrollmentView = (enrollment: Enrollment): z.infer<typeof EnrollmentSchema> => ({
  enrollmentId: enrollment.id,
  workerId: enrollment.workerId,
  name: enrollment.maskedName,
  enrolledAt: enrollment.enrolledAt,
  status: enrollment.status,
  ...(enrollment.certificateNo ? { certificateNo: enrollment.certificateNo } : {}),
});

export const CompletionsSchema = z
  .strictObject({ certificates: z.array(z.strictObject({ workerId: z.string(), certificateNo: z.string() })) })
  .meta({ id: 'CourseCompletions' });

export const CertificateVerificationSchema = z
  .strictObject({
    valid: z.boolean().meta({ description: 'Whether this number names a certificate the province issued (an unknown number is 404)' }),
    certificateNo: z.string(),
    course: z.strictObject({ id: z.string(), title: z.string(), kind: CourseKindSchema, trade: TradeSchema.optional(), skills: z.array(z.string()), orgName: z.string() }),
    issuedAt: z.string(),
    holder: z.strictObject({ name: z.string().nullable().meta({ description: 'masked, e.g. 林*; null when the holder was erased or no name was known' }) }),
  })
  .meta({ id: 'CertificateVerification' });

export const certificateView = (certificate: Certificate): z.infer<typeof CertificateVerificationSchema> => ({
  valid: true,
  certificateNo: certificate.certificateNo,
  course: {
    id: certificate.courseId,
    title: certificate.title,
    kind: certificate.kind,
    ...(certificate.trade ? { trade: certificate.trade } : {}),
    skills: certificate.skills,
    orgName: certificate.orgName,
  },
  issuedAt: certificate.issuedAt,
  holder: { name: certificate.holderName },
});
