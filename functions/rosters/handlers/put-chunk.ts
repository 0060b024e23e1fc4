import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { canonicalIntegerParam } from '../../../shared/http/path-parameters.js';
import { accepted } from '../../../shared/http/responses.js';
import { sealingRosterPorts } from '../dependencies.js';
import { MAX_ROWS_PER_CHUNK } from '../domain/chunk.js';
import { putChunk } from '../use-cases/put-chunk.js';
import { ChunkReceiptSchema, chunkReceiptView } from '../views.js';

export const options = {
  summary: 'Send one chunk of rows (at most 1,000)',
  responses: { 202: ChunkReceiptSchema },
  params: z.strictObject({ rosterId: z.string().min(1), seq: canonicalIntegerParam({ min: 1, max: 100_000 }) }),
  body: z.strictObject({ rows: z.array(z.unknown()).min(1).max(MAX_ROWS_PER_CHUNK) }),
};

const ports = sealingRosterPorts();

/** One chunk of a roster; the same seq with the same rows answers the same again. */
export const putChunkHandler = async ({ params, body, caller }: HttpRequest<typeof options>) =>
  accepted(chunkReceiptView(await putChunk({ rosterId: params.rosterId, seq: params.seq, rows: body.rows }, callerAs(caller, 'partner'), ports)));

export const handler = http(putChunkHandler, options);
