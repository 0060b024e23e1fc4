/** Key shapes of the rosters table, in one place. */
export const rosterKey = (rosterId: string) => ({ pk: `ROSTER#${rosterId}`, sk: 'ROSTER' });
export const CHUNK_PREFIX = 'CHUNK#';
export const chunkKey = (rosterId: string, seq: number) => ({ pk: `ROSTER#${rosterId}`, sk: `${CHUNK_PREFIX}${String(seq).padStart(6, '0')}` });
/** Riders are the partner's: the partner id is part of the key, so no partner can reach another's. */
export const riderKey = (partnerId: string, riderId: string) => ({ pk: `RIDER#${partnerId}#${riderId}`, sk: 'RIDER' });
