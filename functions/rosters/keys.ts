import { shardOf } from './domain/rider.js';

/** Key shapes of the rosters and riders tables, in one place. */
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
export const SEALED_PREFIX = 'SEALED#';
export const sealedPrefix = (seq: number) => `${SEALED_PREFIX}${seqText(seq)}#`;
export const sealedPartKey = (rosterId: string, seq: number, part: number) => ({ pk: `ROSTER#${rosterId}`, sk: `${sealedPrefix(seq)}${String(part).padStart(3, '0')}` });
/**
 * Riders are the partner's: the partner id is part of the key, so no partner can reach another's.
 * A partner's riders are spread over its shards (`shardOf`), each shard one partition read in
 * order of rider id, so a snapshot's departures are found shard by shard with no index.
 */
export const ridersOfShard = (partnerId: string, shard: number) => `RIDERS#${partnerId}#${String(shard).padStart(2, '0')}`;
export const RIDER_PREFIX = 'RIDER#';
export const riderKey = (partnerId: string, riderId: string) => ({ pk: ridersOfShard(partnerId, shardOf(riderId)), sk: `${RIDER_PREFIX}${riderId}` });
/**
 * What the membership service last said of the rider: an item of its own beside the rider's, so
 * a roster's write of the rider never overwrites it and it can be recorded before the rider is.
 */
export const riderMembershipKey = (partnerId: string, riderId: string) => ({ pk: ridersOfShard(partnerId, shardOf(riderId)), sk: `MEMBERSHIP#${riderId}` });
/**
 * What the chunks of a snapshot listed in one shard, for that shard's step: a chunk's rows of the
 * shard, sealed in parts (`SEEN#shard#seq#part`), a few items per chunk instead of a read and a
 * write per rider. Chunks applied before shards applied rows left the ids alone
 * (`SEEN#shard#seq`, `riderIds`).
 */
const shardText = (shard: number) => String(shard).padStart(2, '0');
export const SEEN_PREFIX = 'SEEN#';
export const seenPrefix = (shard: number) => `${SEEN_PREFIX}${shardText(shard)}#`;
export const shardPartKey = (rosterId: string, shard: number, seq: number, part: number) => ({ pk: `ROSTER#${rosterId}`, sk: `${seenPrefix(shard)}${seqText(seq)}#${String(part).padStart(3, '0')}` });
/** That a snapshot's shard was applied (its rows and departures), and what it counted. */
export const shardAppliedKey = (rosterId: string, shard: number) => ({ pk: `ROSTER#${rosterId}`, sk: `DEPARTED#${shardText(shard)}` });
/** How many rosters a partner has receiving or processing (`open`), against its limit. */
export const openRostersKey = (partnerId: string) => ({ pk: `PARTNER#${partnerId}`, sk: 'OPEN_ROSTERS' });
/** How many chunks a partner sent in one clock minute (epoch minutes), against its limit; expires. */
export const chunkRateKey = (partnerId: string, minute: number) => ({ pk: `PARTNER#${partnerId}`, sk: `CHUNKS#${minute}` });
