import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { coursePorts } from '../dependencies.js';
import { CertificateNoSchema } from '../domain/certificate.js';
import { verifyCertificate } from '../use-cases/courses.js';
import { CertificateVerificationSchema, certificateView } from '../views.js';

export const options = {
  summary: 'Check a course certificate by its number (no credentials): the course, when it was issued, the holder masked; 404 for an unknown number',
  responses: { 200: CertificateVerificationSchema },
  params: z.strictObject({ certificateNo: CertificateNoSchema }),
  public: true as const,
};

const ports = coursePorts();

export const verifyCertificateHandler = async ({ params }: HttpRequest<typeof options>) => ok(certificateView(await verifyCertificate(params.certificateNo, ports)));

export const handler = http(verifyCertificateHandler, options);
