/** Key shapes of the rosters table, in one place. */
export const rosterKey = (rosterId: string) => ({ pk: `ROSTER#${rosterId}`, sk: 'ROSTER' });
const seqText = (seq: number) => String(seq).padStart(6, '0');
export const CHUNK_PREFIX = 'CHUNK#';
/** A chunk's receipt (counts, rejections): kept as long as the roster. */
export const chunkKey = (rosterId: string, seq: number) => ({ pk: `ROSTER#${rosterId}`, sk: `${CHUNK_PREFIX}${seqText(seq)}` });
/**
 * A chunk's accepted rows, sealed, in parts: items of their own, apart from the receipt, because
 * they expire (TTL) and are deleted once applied while the receipt stays. Not under `CHUNK#`, so
 * listing receipts never reads them.
 */
export const sealedPrefix = (seq: number) => `SEALED#${seqText(seq)}#`;
export const sealedPartKey = (rosterId: string, seq: number, part: number) => ({ pk: `ROSTER#${rosterId}`, sk: `${sealedPrefix(seq)}${String(part).padStart(3, '0')}` });
/** Riders are the partner's: the partner id is part of the key, so no partner can reach another's. */
export const riderKey = (partnerId: string, riderId: string) => ({ pk: `RIDER#${partnerId}#${riderId}`, sk: 'RIDER' });
