import { z } from 'zod';
import { AuditActionSchema, AuditRecordSchema } from '../../../shared/audit.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { pageOf } from '../../../shared/http/schemas.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { auditPorts } from '../dependencies.js';
import { listAuditEntries } from '../use-cases/list-entries.js';

export const options = {
  summary: 'Who accessed whose personal data (member lists, riders to invite, shared contacts, erasures), newest first: one UTC day, or by actor or org',
  responses: { 200: pageOf(AuditRecordSchema.meta({ id: 'AuditEntry' }), 'AuditPage') },
  query: PageQuerySchema.extend({
    day: z.iso.date().optional().describe('a UTC day (YYYY-MM-DD); alone, the day to list (default today); with actor or orgId, narrows to it'),
    actor: z.string().min(1).max(200).optional().describe('a principal id, e.g. org_admin:<sub> or an account id'),
    orgId: z.string().min(1).max(64).optional(),
    action: AuditActionSchema.optional(),
  }),
};

const ports = auditPorts();

export const listEntriesHandler = async ({ query: { limit, cursor, ...filter } }: HttpRequest<typeof options>) =>
  ok(await listAuditEntries(filter, { limit, ...(cursor ? { cursor } : {}) }, ports));

export const handler = http(listEntriesHandler, options);
