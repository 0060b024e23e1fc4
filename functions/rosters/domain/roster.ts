import { envelope, type Envelope } from '../../../events/envelope.js';
import { RosterCompletedV1, type RosterCompletedV1Data } from '../../../events/roster-completed.v1.js';
import { RosterFinishedV1, type RosterFinishedV1Data } from '../../../events/roster-finished.v1.js';
import { ConflictError, NotFoundError } from '../../../shared/errors.js';
import type { AppliedCounts } from './chunk.js';
import { RIDER_SHARDS, type ChangeKind } from './rider.js';

export type RosterStatus = 'receiving' | 'processing' | 'completed' | 'failed' | 'abandoned';
export type RosterMode = 'snapshot' | 'delta';

/** What applying one shard of a snapshot did: its rows by outcome, and the riders it departed. */
export interface ShardCounts extends AppliedCounts {
  departed: number;
}

export interface RowCounts extends ShardCounts {
  received: number;
  accepted: number;
  rejected: number;
}

export interface Roster {
  id: string;
  partnerId: string;
  /** The partner's name, which its riders' events carry as their platform. */
  platform: string;
  mode: RosterMode;
  asOf: string;
  status: RosterStatus;
  chunks: number | null;
  rows: RowCounts;
  /**
   * How far applying has come: chunks applied (a snapshot's chunks sorted into shards), and
   * (snapshots) shards applied, their rows and departures (`shardsDeparted`, its stored name).
   */
  progress: { chunksApplied: number; shardsDeparted: number };
  /** DynamoDB capacity units applying it consumed, every attempt of every step counted. */
  capacity: { readUnits: number; writeUnits: number };
  createdAt: string;
  completedAt: string | null;
  /** Why a `failed` roster failed. */
  failureReason?: string;
}

export class RosterNotFoundError extends NotFoundError {
  constructor(rosterId: string) {
    super(`No roster ${rosterId} of yours`);
  }
}

export class RosterStateError extends ConflictError {
  constructor(rosterId: string, status: RosterStatus) {
    super(`Roster ${rosterId} is ${status} and takes no more chunks`);
  }
}

export const emptyCounts = (): RowCounts => ({ received: 0, accepted: 0, rejected: 0, created: 0, updated: 0, unchanged: 0, departed: 0 });

/** A new roster upload, receiving chunks. */
export function openRoster(
  input: { mode: RosterMode; asOf: string },
  partner: { accountId: string; name: string },
  context: { id: string; now: Date },
): Roster {
  return {
    id: context.id,
    partnerId: partner.accountId,
    platform: partner.name,
    mode: input.mode,
    asOf: new Date(input.asOf).toISOString(),
    status: 'receiving',
    chunks: null,
    rows: emptyCounts(),
    progress: { chunksApplied: 0, shardsDeparted: 0 },
    capacity: { readUnits: 0, writeUnits: 0 },
    createdAt: context.now.toISOString(),
    completedAt: null,
  };
}

/** A partner sees and touches only its own rosters. */
export function ownRoster(partnerId: string, roster: Roster | undefined, rosterId: string): Roster {
  if (!roster || roster.partnerId !== partnerId) throw new RosterNotFoundError(rosterId);
  return roster;
}

/** Whether a roster holds one of its partner's open slots (see `openRostersPerPartner`). */
export const isOpen = (status: RosterStatus): boolean => status === 'receiving' || status === 'processing';

/** A roster still receiving, or failed, can be abandoned (and replaced); one being applied or done cannot. */
export function assertAbandonable(roster: Roster): void {
  if (roster.status !== 'receiving' && roster.status !== 'failed') {
    throw new ConflictError(`Roster ${roster.id} is ${roster.status}: only a roster still receiving, or failed, can be abandoned`);
  }
}

/** Only a roster still receiving takes chunks. */
export function assertReceiving(roster: Roster): void {
  if (roster.status !== 'receiving') throw new RosterStateError(roster.id, roster.status);
}

/**
 * Completing needs every chunk from 1 to `chunks` and none beyond: the answer names what is missing.
 */
export function checkComplete(roster: Roster, chunks: number, received: number[]): void {
  const have = new Set(received);
  const missing = Array.from({ length: chunks }, (_, i) => i + 1).filter((seq) => !have.has(seq));
  const extra = received.filter((seq) => seq > chunks);
  if (missing.length > 0) throw new ConflictError(`Chunks missing: ${missing.join(', ')}`);
  if (extra.length > 0) throw new ConflictError(`Chunks beyond ${chunks} were sent: ${extra.join(', ')}`);
  assertReceiving(roster);
}

/** Whether completing the roster with `chunks` was done already: a retry of the completion that did it. */
export const completedAs = (roster: Roster, chunks: number): boolean => roster.status !== 'receiving' && roster.status !== 'abandoned' && roster.chunks === chunks;

export function completion(roster: Roster, chunks: number, province: string, now: Date): { roster: Roster; event: Envelope<RosterCompletedV1Data> } {
  return {
    roster: { ...roster, status: 'processing', chunks },
    event: envelope(RosterCompletedV1, { rosterId: roster.id, partnerId: roster.partnerId, mode: roster.mode, chunks }, { province, now }),
  };
}

/** The announcement that a roster left processing for good: completed, or failed with the reason the partner reads. */
export function finishedEvent(
  roster: Pick<Roster, 'id' | 'partnerId' | 'mode'>,
  outcome: { status: 'completed' } | { status: 'failed'; reason: string },
  context: { province: string; now: Date },
): Envelope<RosterFinishedV1Data> {
  return envelope(RosterFinishedV1, { rosterId: roster.id, partnerId: roster.partnerId, mode: roster.mode, ...outcome }, context);
}

/** What a chunk's rows did, counted (a row never departs a rider: only a snapshot's end does). */
export function tally(kinds: readonly ChangeKind[]): AppliedCounts {
  const counts: AppliedCounts = { created: 0, updated: 0, unchanged: 0 };
  for (const kind of kinds) if (kind !== 'departed') counts[kind] += 1;
  return counts;
}

/**
 * What applying a roster does next, after a step of it was recorded: every shard's step once a
 * snapshot's chunks are all sorted into shards; completion once a delta's chunks are applied, or
 * a snapshot's shards; otherwise wait for the steps still running. Asked again after a step that
 * was recorded before (a redelivery), it answers the same, so a worker that died between
 * recording and acting is made good by the retry: shard tasks sent twice count once.
 */
export function nextStep(roster: Roster, after: 'chunk' | 'shard'): 'wait' | 'shards' | 'finish' {
  if (roster.status !== 'processing' || roster.chunks === null) return 'wait';
  if (roster.progress.chunksApplied < roster.chunks) return 'wait';
  if (roster.mode === 'delta') return 'finish';
  if (after === 'chunk') return 'shards';
  return roster.progress.shardsDeparted < RIDER_SHARDS ? 'wait' : 'finish';
}

/**
 * How long applying a roster may take before the watchdog calls it failed: its steps run in
 * parallel, each within minutes even through retries, so an hour means something is stuck
 * (a step's tasks went to the dead-letter queue).
 */
export const STALLED_AFTER_MINUTES = 60;

/** How long a roster may stay receiving before the watchdog fails it, freeing the partner's slot. */
export const UNFINISHED_AFTER_HOURS = 24;

export const stalledBefore = (now: Date): string => new Date(now.getTime() - STALLED_AFTER_MINUTES * 60_000).toISOString();

export const unfinishedBefore = (now: Date): string => new Date(now.getTime() - UNFINISHED_AFTER_HOURS * 3_600_000).toISOString();

/** Why the watchdog failed a roster, in words the partner can act on. */
export function stalledReason(roster: Roster): string {
  if (roster.status === 'receiving') return `Not completed within ${UNFINISHED_AFTER_HOURS} hours of opening; upload the roster again`;
  const progress = roster.progress.chunksApplied < (roster.chunks ?? 0) ? `${roster.progress.chunksApplied} of ${roster.chunks} chunks applied` : `${roster.progress.shardsDeparted} of ${RIDER_SHARDS} shards applied`;
  return `Not applied within ${STALLED_AFTER_MINUTES} minutes (${progress}); upload the roster again`;
}
