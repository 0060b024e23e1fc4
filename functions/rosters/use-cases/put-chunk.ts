import type { PiiVault } from '../../../shared/crypto/pii-vault.js';
import type { Clock } from '../../../shared/ports.js';
import { planChunk, receiptOf, repeatedChunk, sealedRowsExpireAt, type ChunkReceipt, type SealedPart } from '../domain/chunk.js';
import { assertRoom, type RosterLimits } from '../domain/limits.js';
import { assertReceiving, ownRoster, type Roster } from '../domain/roster.js';
import { ChunkExistsError, RosterChangedError, type RosterRepository } from '../repository.js';

export interface PutChunkPorts {
  rosters: Pick<RosterRepository, 'get' | 'getChunk' | 'putChunk'>;
  vault: Pick<PiiVault, 'encrypt'>;
  clock: Clock;
  limits: Pick<RosterLimits, 'rowsPerRoster' | 'chunksPerMinute'>;
}

/** A chunk may go to a roster still receiving with room for its rows. */
function assertTakes(roster: Roster, rows: number, limits: PutChunkPorts['limits']): void {
  assertReceiving(roster);
  assertRoom(roster, rows, limits);
}

/** The encryption context of a sealed part: its ciphertext opens only in its own place. */
export const sealedPartContext = (rosterId: string, seq: number, part: number) => ({ rosterId, seq: String(seq), part: String(part) });

/**
 * Receives one chunk of a roster.
 *
 * 1. Load the partner's own roster; it must still be receiving.
 * 2. Plan the chunk: validate each row on its own (a bounded list of rejections), fingerprint
 *    the rows, split the accepted rows into parts small enough for one item each.
 * 3. A seq stored before answers its first receipt when the rows are the same, else 409.
 * 4. The roster must have room for the chunk's rows (`rowsPerRoster`, 409 otherwise).
 * 5. Seal each part (encrypted, expiring `SEALED_ROWS_TTL_DAYS` after upload) and store the
 *    receipt, the parts and the roster's new counts in one transaction, on condition the seq
 *    is new, the roster still receiving with room, and the partner under its chunks this
 *    minute (429 with Retry-After otherwise). A concurrent upload of the same seq that won the
 *    race is answered as in step 3; a roster changed meanwhile is read again to say why.
 */
export async function putChunk(
  input: { rosterId: string; seq: number; rows: unknown[] },
  partner: { accountId: string },
  ports: PutChunkPorts,
): Promise<ChunkReceipt> {
  const roster = ownRoster(partner.accountId, await ports.rosters.get(input.rosterId), input.rosterId);
  assertReceiving(roster);
  const { chunk, parts } = planChunk(input.seq, input.rows);
  const stored = await ports.rosters.getChunk(roster.id, input.seq);
  if (stored) return repeatedChunk(stored, chunk.fingerprint);
  assertRoom(roster, chunk.received, ports.limits);
  const now = ports.clock.now();
  const expiresAt = sealedRowsExpireAt(now);
  const sealed: SealedPart[] = await Promise.all(
    parts.map(async (text, i) => ({ part: i + 1, sealed: await ports.vault.encrypt(text, sealedPartContext(roster.id, input.seq, i + 1)), expiresAt })),
  );
  try {
    await ports.rosters.putChunk(roster, chunk, sealed, ports.limits, now);
  } catch (error) {
    if (error instanceof RosterChangedError) {
      // Another chunk or a completion came first: say what stops this one, if anything does.
      assertTakes(ownRoster(partner.accountId, await ports.rosters.get(input.rosterId), input.rosterId), chunk.received, ports.limits);
      throw error;
    }
    if (!(error instanceof ChunkExistsError)) throw error;
    const winner = await ports.rosters.getChunk(roster.id, input.seq);
    if (!winner) throw error;
    return repeatedChunk(winner, chunk.fingerprint);
  }
  return receiptOf(chunk);
}
