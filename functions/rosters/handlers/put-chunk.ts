import { z } from 'zod';
import { piiVault } from '../../../shared/crypto/pii-vault.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { canonicalIntegerParam } from '../../../shared/http/path-parameters.js';
import { accepted } from '../../../shared/http/responses.js';
import { callerAs } from '../../../shared/auth/caller.js';
import { rosterRepository } from '../dependencies.js';
import { ChunkReceiptSchema, MAX_ROWS_PER_CHUNK, ownRoster, rowsFingerprint, RosterStateError, validateRows } from '../domain/roster.js';

export const options = {
  summary: 'Send one chunk of rows (at most 1,000)',
  responses: { 202: ChunkReceiptSchema },
  params: z.strictObject({ rosterId: z.string().min(1), seq: canonicalIntegerParam({ min: 1, max: 100_000 }) }),
  body: z.strictObject({ rows: z.array(z.unknown()).min(1).max(MAX_ROWS_PER_CHUNK) }),
};

const rosters = rosterRepository();
const vault = piiVault();

/**
 * One chunk of a roster: each row is validated on its own; accepted rows are kept encrypted
 * until the roster is applied. The same seq with the same rows answers the same again.
 */
export const putChunkHandler = async ({ params, body, caller }: HttpRequest<typeof options>) => {
  const roster = ownRoster(callerAs(caller, 'partner').accountId, await rosters.get(params.rosterId), params.rosterId);
  if (roster.status !== 'receiving') throw new RosterStateError(roster.id, roster.status);
  const { accepted: rows, rejected } = validateRows(body.rows);
  const receipt = await rosters.putChunk(roster, {
    seq: params.seq,
    received: body.rows.length,
    accepted: rows.length,
    rejected,
    fingerprint: rowsFingerprint(body.rows),
    sealedRows: await vault.encrypt(JSON.stringify(rows), { rosterId: roster.id, seq: String(params.seq) }),
  });
  return accepted(receipt);
};

export const handler = http(putChunkHandler, options);
