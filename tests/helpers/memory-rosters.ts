import type { Envelope } from '../../events/envelope.js';
import { inGroupsOf } from '../../shared/concurrency.js';
import { makeLocalVault, newLocalKeyring } from '../../shared/crypto/pii-vault.js';
import { OUTBOX_EVENTS_PER_ITEM } from '../../shared/outbox.js';
import { ConflictError } from '../../shared/errors.js';
import type { AppliedCounts, Chunk, SealedPart, ShardPart } from '../../functions/rosters/domain/chunk.js';
import { RIDERS_PER_WRITE, shardOf, type Rider, type RiderMembership } from '../../functions/rosters/domain/rider.js';
import { ChunkRateError, TooManyOpenRostersError, minuteOf, type RosterLimits } from '../../functions/rosters/domain/limits.js';
import { isOpen, type Roster, type ShardCounts } from '../../functions/rosters/domain/roster.js';
import {
  AnotherRosterApplyingError,
  ChunkAppliedBeforeError,
  ChunkExistsError,
  RosterChangedError,
  RosterNotProcessingError,
  ShardAppliedBeforeError,
  type RosterRepository,
} from '../../functions/rosters/repository.js';

/** Thrown by a write the test chose to fail, as when the processor dies mid-way. */
export class InjectedCrash extends Error {}

const copy = <T>(value: T): T => structuredClone(value);

/**
 * The rosters repository in memory, with the conditions the DynamoDB one enforces (a new seq, a
 * roster still receiving or processing, the membership version rule) and each write an atomic
 * step that a test can make fail (`crashOnWrite(n)`), to replay a processor that died mid-way.
 */
export function memoryRosters() {
  const rosters = new Map<string, Roster>();
  const chunks = new Map<string, Chunk>();
  const sealed = new Map<string, SealedPart[]>();
  const riders = new Map<string, Rider>();
  const memberships = new Map<string, RiderMembership>();
  /** The roster applying each partner's riders, as `complete` takes and leaving processing gives back. */
  const applying = new Map<string, string>();
  /** What snapshot chunks sorted into shards, by `rosterId#shard#seq#part`; `appliedIds`, as chunks applied before shards applied rows left them. */
  const shardParts = new Map<string, ShardPart>();
  const appliedIds = new Map<string, string[]>();
  /** When each roster in progress entered its status (the real table keeps it on the roster item). */
  const processingSince = new Map<string, string>();
  /** Open rosters per partner, and chunks per partner and minute. */
  const open = new Map<string, number>();
  const chunksInMinute = new Map<string, number>();
  const shardsApplied = new Map<string, ShardCounts>();
  /** The chunk that sends each snapshot's shard tasks (`claimShardTasks`), by roster. */
  const shardTaskSenders = new Map<string, number>();
  const outbox: Envelope[] = [];
  let writes = 0;
  let crashAt: number | undefined;

  /** Every write goes through here: the `crashAt`-th one fails before changing anything. */
  const write = (apply: () => void) => {
    writes += 1;
    if (crashAt !== undefined && writes === crashAt) throw new InjectedCrash(`write ${writes} failed`);
    apply();
  };
  const chunkId = (rosterId: string, seq: number) => `${rosterId}#${seq}`;
  const riderId = (partnerId: string, id: string) => `${partnerId}#${id}`;

  /** Leaves `roster.status` for `to` on that condition (and `also`), giving back an open slot. */
const leave = (roster: Pick<Roster, 'id' | 'partnerId' | 'status'>, to: Roster['status'], change: (stored: Roster) => void, also = (_stored: Roster) => true) => {
    const stored = rosters.get(roster.id);
    if (stored?.status !== roster.status || !also(stored)) return false;
    write(() => {
      stored.status = to;
      change(stored);
      processingSince.delete(roster.id);
      if (isOpen(roster.status)) open.set(roster.partnerId, open.get(roster.partnerId)! - 1);
      if (roster.status === 'processing') applying.delete(roster.partnerId);
    });
    return true;
  };

  const repository = {
    async get(rosterId: string, _options?: { consistent?: boolean }) {
      const roster = rosters.get(rosterId);
      return roster && copy(roster);
    },
    async create(roster: Roster, limits: Pick<RosterLimits, 'openRostersPerPartner'>) {
      if (rosters.has(roster.id)) throw new ConflictError('exists');
      if ((open.get(roster.partnerId) ?? 0) >= limits.openRostersPerPartner) throw new TooManyOpenRostersError(limits.openRostersPerPartner);
      write(() => {
        rosters.set(roster.id, copy(roster));
        open.set(roster.partnerId, (open.get(roster.partnerId) ?? 0) + 1);
        processingSince.set(roster.id, roster.createdAt);
      });
    },
    async list(partnerId: string, page: { limit: number; cursor?: string }) {
      const mine = [...rosters.values()].filter((roster) => roster.partnerId === partnerId).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
      const start = Number(page.cursor ?? 0);
      const end = start + page.limit;
      return { items: mine.slice(start, end).map(copy), nextCursor: end < mine.length ? String(end) : null };
    },
    async getChunk(rosterId: string, seq: number) {
      const chunk = chunks.get(chunkId(rosterId, seq));
      return chunk && copy(chunk);
    },
    async putChunk(roster: Roster, chunk: Chunk, parts: SealedPart[], limits: Pick<RosterLimits, 'rowsPerRoster' | 'chunksPerMinute'>, now: Date) {
      if (chunks.has(chunkId(roster.id, chunk.seq))) throw new ChunkExistsError(chunk.seq);
      const stored = rosters.get(roster.id)!;
      if (stored.status !== 'receiving' || stored.rows.received + chunk.received > limits.rowsPerRoster) throw new RosterChangedError();
      const minute = `${roster.partnerId}#${minuteOf(now).minute}`;
      if ((chunksInMinute.get(minute) ?? 0) >= limits.chunksPerMinute) throw new ChunkRateError(limits.chunksPerMinute, now);
      write(() => {
        chunks.set(chunkId(roster.id, chunk.seq), copy(chunk));
        if (parts.length > 0) sealed.set(chunkId(roster.id, chunk.seq), copy(parts));
        stored.rows.received += chunk.received;
        stored.rows.accepted += chunk.accepted;
        stored.rows.rejected += chunk.received - chunk.accepted;
        chunksInMinute.set(minute, (chunksInMinute.get(minute) ?? 0) + 1);
      });
    },
    async chunks(rosterId: string) {
      return [...chunks.entries()]
        .filter(([key]) => key.startsWith(`${rosterId}#`))
        .map(([, chunk]) => ({ seq: chunk.seq, rejected: copy(chunk.rejected) }))
        .sort((a, b) => a.seq - b.seq);
    },
    /** Rejections paged by a plain offset (the real repository seals it into a cursor). */
    async rejections(rosterId: string, page: { limit: number; cursor?: string }) {
      const all = (await this.chunks(rosterId)).flatMap((chunk) => chunk.rejected.map((rejection) => ({ seq: chunk.seq, ...rejection })));
      const start = Number(page.cursor ?? 0);
      const end = start + page.limit;
      return { items: all.slice(start, end), nextCursor: end < all.length ? String(end) : null };
    },
    async sealedParts(rosterId: string, seq: number) {
      return copy(sealed.get(chunkId(rosterId, seq)) ?? []);
    },
    async complete(roster: Roster, event: Envelope) {
      const stored = rosters.get(roster.id)!;
      if (stored.status !== 'receiving') throw new ConflictError(`Roster ${roster.id} is no longer receiving`);
      if ((applying.get(roster.partnerId) ?? roster.id) !== roster.id) throw new AnotherRosterApplyingError();
      write(() => {
        applying.set(roster.partnerId, roster.id);
        stored.status = 'processing';
        stored.chunks = roster.chunks;
        processingSince.set(roster.id, event.occurredAt);
        outbox.push(copy(event));
      });
    },
    async riders(partnerId: string, ids: string[]) {
      const found = new Map<string, Rider>();
      for (const id of ids) {
        const rider = riders.get(riderId(partnerId, id));
        if (rider) found.set(id, copy(rider));
      }
      return found;
    },
    /** A shard's riders, in the table's order (rider id) as a Query reads them. */
    async shardRiders(partnerId: string, shard: number) {
      const mine = [...riders.values()].filter((rider) => rider.partnerId === partnerId && shardOf(rider.riderId) === shard).sort((a, b) => (a.riderId < b.riderId ? -1 : 1));
      return new Map(mine.map((rider) => [rider.riderId, copy(rider)]));
    },
    async getRider(partnerId: string, id: string) {
      const rider = riders.get(riderId(partnerId, id));
      const membership = memberships.get(riderId(partnerId, id));
      return rider && { ...copy(rider), ...(membership ? { membership: copy(membership) } : {}) };
    },
    /**
     * The announcements once (by id), an outbox item at a time, then the riders 25 at a time, as
     * `BatchWriteItem` writes them: each a step a crash can stop before.
     */
    async saveRiders(written: readonly Rider[], announcements: readonly Envelope[]) {
      for (const item of inGroupsOf(announcements, OUTBOX_EVENTS_PER_ITEM)) {
        write(() => outbox.push(...item.filter((announcement) => !outbox.some((event) => event.id === announcement.id)).map(copy)));
      }
      for (const batch of inGroupsOf(written, 25)) {
        write(() => {
          for (const rider of batch) riders.set(riderId(rider.partnerId, rider.riderId), copy(rider));
        });
      }
    },
    /** The parts 25 at a time, as `BatchWriteItem` writes them: each a step a crash can stop before. */
    async stageShardParts(rosterId: string, parts: readonly ShardPart[]) {
      for (const batch of inGroupsOf(parts, 25)) {
        write(() => {
          for (const part of batch) shardParts.set(`${rosterId}#${part.shard}#${part.seq}#${part.part}`, copy(part));
        });
      }
    },
    async shardListed(rosterId: string, shard: number) {
      const inShard = <T>(entries: Map<string, T>) => [...entries].filter(([key]) => key.startsWith(`${rosterId}#${shard}#`)).map(([, value]) => copy(value));
      return { parts: inShard(shardParts), appliedIds: new Set(inShard(appliedIds).flat()) };
    },
    async recordChunkApplied(rosterId: string, chunk: Pick<Chunk, 'seq'>, applied: AppliedCounts) {
      const stored = chunks.get(chunkId(rosterId, chunk.seq))!;
      if (stored.applied) throw new ChunkAppliedBeforeError();
      const roster = rosters.get(rosterId)!;
      if (roster.status !== 'processing') throw new RosterNotProcessingError();
      write(() => {
        stored.applied = copy(applied);
        roster.rows.created += applied.created;
        roster.rows.updated += applied.updated;
        roster.rows.unchanged += applied.unchanged;
        roster.progress.chunksApplied += 1;
      });
    },
    async addCapacity(rosterId: string, capacity: { readUnits: number; writeUnits: number }) {
      const roster = rosters.get(rosterId)!;
      write(() => {
        roster.capacity.readUnits += capacity.readUnits;
        roster.capacity.writeUnits += capacity.writeUnits;
      });
    },
    async claimShardTasks(rosterId: string, seq: number) {
      const sender = shardTaskSenders.get(rosterId);
      if (sender !== undefined) return sender === seq;
      write(() => shardTaskSenders.set(rosterId, seq));
      return true;
    },
    async shardApplied(rosterId: string, shard: number) {
      return shardsApplied.has(`${rosterId}#${shard}`);
    },
    async recordShardApplied(rosterId: string, shard: number, counts: ShardCounts) {
      if (shardsApplied.has(`${rosterId}#${shard}`)) throw new ShardAppliedBeforeError();
      const roster = rosters.get(rosterId)!;
      if (roster.status !== 'processing') throw new RosterNotProcessingError();
      write(() => {
        shardsApplied.set(`${rosterId}#${shard}`, copy(counts));
        for (const outcome of ['created', 'updated', 'unchanged', 'departed'] as const) roster.rows[outcome] += counts[outcome];
        roster.progress.shardsDeparted += 1;
      });
    },
    async recordMemberships(entries: readonly { partnerId: string; riderId: string; membership: RiderMembership }[]) {
      let recorded = 0;
      for (const { partnerId, riderId: id, membership } of entries) {
        const key = riderId(partnerId, id);
        if ((memberships.get(key)?.version ?? 0) >= membership.version) continue;
        write(() => memberships.set(key, copy(membership)));
        recorded += 1;
      }
      return recorded;
    },
    async inProgressSince(status: 'receiving' | 'processing', before: string) {
      return [...rosters.values()].filter((roster) => roster.status === status && (processingSince.get(roster.id) ?? '') < before).map((roster) => roster.id);
    },
    async fail(roster: Pick<Roster, 'id' | 'partnerId' | 'status'>, reason: string, event: Envelope) {
      return leave(roster, 'failed', (stored) => {
        stored.failureReason = reason;
        outbox.push(copy(event));
      });
    },
    async abandon(roster: Pick<Roster, 'id' | 'partnerId' | 'status'>) {
      if (!leave(roster, 'abandoned', () => undefined)) return false;
      for (const stored of [sealed, shardParts, appliedIds]) for (const key of [...stored.keys()]) if (key.startsWith(`${roster.id}#`)) stored.delete(key);
      return true;
    },
    async finish(roster: Pick<Roster, 'id' | 'partnerId'>, done: { chunks: number; shards?: number }, completedAt: string, event: Envelope) {
      return leave(
        { ...roster, status: 'processing' },
        'completed',
        (stored) => {
          stored.completedAt = completedAt;
          outbox.push(copy(event));
        },
        (stored) => stored.progress.chunksApplied === done.chunks && (done.shards === undefined || stored.progress.shardsDeparted === done.shards),
      );
    },
  } satisfies Omit<RosterRepository, never>;


  return {
    repository,
    rosters,
    chunks,
    sealed,
    riders,
    memberships,
    applying,
    outbox,
    processingSince,
    shardParts,
    appliedIds,
    shardsApplied,
    open,
    /** The `n`-th write from now fails; `undefined` lets every write through. */
    crashOnWrite(n: number | undefined) {
      crashAt = n === undefined ? undefined : writes + n;
    },
    get writes() {
      return writes;
    },
  };
}

export const fixedClock = (iso = '2026-11-25T08:00:00.000Z') => {
  let now = new Date(iso);
  return {
    now: () => new Date(now),
    set(next: string | Date) {
      now = new Date(next);
    },
  };
};

export const countingIds = () => {
  let n = 0;
  return { next: (prefix: string) => `${prefix}_${++n}` };
};

/** The local vault under a fresh key: real encryption and MACs, no network. */
export const testVault = () => makeLocalVault(newLocalKeyring());
