import { describe, expect, it } from 'vitest';
import {
  RosterNotFoundError,
  RosterStateError,
  STALLED_AFTER_MINUTES,
  assertAbandonable,
  assertReceiving,
  checkComplete,
  completion,
  emptyCounts,
  isOpen,
  nextStep,
  openRoster,
  ownRoster,
  stalledBefore,
  stalledReason,
  tally,
  unfinishedBefore,
  type Roster,
} from '../../../functions/rosters/domain/roster.js';
import { RIDER_SHARDS } from '../../../functions/rosters/domain/rider.js';
import { rosterState, rosterView } from '../../../functions/rosters/views.js';

const roster: Roster = openRoster({ mode: 'snapshot', asOf: '2026-11-23T08:00:00+08:00' }, { accountId: 'acc_a', name: '闽送即配' }, { id: 'rst_1', now: new Date('2026-11-25T00:00:00Z') });

describe('openRoster()', () => {
  it('opens a roster receiving chunks, owned by the partner, with its name as platform and the time in UTC', () => {
    expect(roster).toEqual({
      id: 'rst_1',
      partnerId: 'acc_a',
      platform: '闽送即配',
      mode: 'snapshot',
      asOf: '2026-11-23T00:00:00.000Z',
      status: 'receiving',
      chunks: null,
      rows: { received: 0, accepted: 0, rejected: 0, created: 0, updated: 0, unchanged: 0, departed: 0 },
      progress: { chunksApplied: 0, shardsDeparted: 0 },
      capacity: { readUnits: 0, writeUnits: 0 },
      createdAt: '2026-11-25T00:00:00.000Z',
      completedAt: null,
    });
  });
});

describe('emptyCounts()', () => {
  it('gives fresh zero counts each time', () => {
    const a = emptyCounts();
    a.received = 5;
    expect(emptyCounts()).toEqual({ received: 0, accepted: 0, rejected: 0, created: 0, updated: 0, unchanged: 0, departed: 0 });
  });
});

describe('ownRoster()', () => {
  it('gives a partner its own roster', () => {
    expect(ownRoster('acc_a', roster, 'rst_1')).toBe(roster);
  });

  it('hides another partner\'s roster, and a missing one, as not found', () => {
    expect(() => ownRoster('acc_b', roster, 'rst_1')).toThrow(RosterNotFoundError);
    expect(() => ownRoster('acc_b', roster, 'rst_1')).toThrow(expect.objectContaining({ status: 404, message: 'No roster rst_1 of yours' }));
    expect(() => ownRoster('acc_a', undefined, 'rst_9')).toThrow(expect.objectContaining({ status: 404, message: 'No roster rst_9 of yours' }));
  });
});

describe('assertReceiving()', () => {
  it('lets a receiving roster take chunks and refuses every other state with 409', () => {
    expect(() => assertReceiving(roster)).not.toThrow();
    for (const status of ['processing', 'completed', 'failed'] as const) {
      expect(() => assertReceiving({ ...roster, status })).toThrow(RosterStateError);
      expect(() => assertReceiving({ ...roster, status })).toThrow(expect.objectContaining({ status: 409, message: `Roster rst_1 is ${status} and takes no more chunks` }));
    }
  });
});

describe('checkComplete()', () => {
  it('accepts every chunk from 1 to the count, in any order', () => {
    expect(() => checkComplete(roster, 2, [2, 1])).not.toThrow();
    expect(() => checkComplete(roster, 1, [1])).not.toThrow();
    expect(() => checkComplete(roster, 1000, Array.from({ length: 1000 }, (_, i) => 1000 - i))).not.toThrow();
  });

  it('names every missing chunk', () => {
    expect(() => checkComplete(roster, 3, [1, 3])).toThrow(expect.objectContaining({ status: 409, message: 'Chunks missing: 2' }));
    expect(() => checkComplete(roster, 4, [1])).toThrow(expect.objectContaining({ message: 'Chunks missing: 2, 3, 4' }));
    expect(() => checkComplete(roster, 2, [])).toThrow(expect.objectContaining({ message: 'Chunks missing: 1, 2' }));
  });

  it('names chunks sent beyond the count', () => {
    expect(() => checkComplete(roster, 1, [1, 2])).toThrow(expect.objectContaining({ status: 409, message: 'Chunks beyond 1 were sent: 2' }));
    expect(() => checkComplete(roster, 2, [3, 1, 2, 5])).toThrow(expect.objectContaining({ message: 'Chunks beyond 2 were sent: 3, 5' }));
  });

  it('names missing chunks before extra ones', () => {
    expect(() => checkComplete(roster, 2, [1, 3])).toThrow(expect.objectContaining({ message: 'Chunks missing: 2' }));
  });

  it('refuses a roster no longer receiving, even with every chunk', () => {
    expect(() => checkComplete({ ...roster, status: 'processing' }, 1, [1])).toThrow(expect.objectContaining({ status: 409, message: 'Roster rst_1 is processing and takes no more chunks' }));
  });
});

describe('completion()', () => {
  it('moves the roster to processing with its chunk count and announces RosterCompleted', () => {
    const now = new Date('2026-11-25T01:00:00Z');
    const { roster: processing, event } = completion(roster, 3, '35', now);
    expect(processing).toEqual({ ...roster, status: 'processing', chunks: 3 });
    expect(event).toEqual({
      id: expect.any(String),
      type: 'RosterCompleted',
      version: 1,
      occurredAt: '2026-11-25T01:00:00.000Z',
      province: '35',
      data: { rosterId: 'rst_1', partnerId: 'acc_a', mode: 'snapshot', chunks: 3 },
    });
    expect(roster.status).toBe('receiving');
  });
});

describe('tally()', () => {
  it('counts what rows did, and never a departure', () => {
    expect(tally([])).toEqual({ created: 0, updated: 0, unchanged: 0 });
    expect(tally(['created', 'unchanged', 'created', 'updated', 'departed', 'unchanged', 'unchanged'])).toEqual({ created: 2, updated: 1, unchanged: 3 });
  });
});

describe('nextStep()', () => {
  const processing = (mode: 'snapshot' | 'delta', chunksApplied: number, shardsDeparted = 0): Roster => ({ ...roster, mode, status: 'processing', chunks: 3, progress: { chunksApplied, shardsDeparted } });

  it('waits for chunks still running, then sends a snapshot\'s shards and finishes a delta', () => {
    expect(nextStep(processing('snapshot', 2), 'chunk')).toBe('wait');
    expect(nextStep(processing('delta', 2), 'chunk')).toBe('wait');
    expect(nextStep(processing('snapshot', 3), 'chunk')).toBe('shards');
    expect(nextStep(processing('delta', 3), 'chunk')).toBe('finish');
  });

  it('finishes a snapshot once every shard was applied', () => {
    expect(nextStep(processing('snapshot', 3, RIDER_SHARDS - 1), 'shard')).toBe('wait');
    expect(nextStep(processing('snapshot', 3, RIDER_SHARDS), 'shard')).toBe('finish');
  });

  it('does nothing for a roster no longer processing', () => {
    for (const status of ['receiving', 'completed', 'failed'] as const) expect(nextStep({ ...processing('delta', 3), status }, 'chunk')).toBe('wait');
  });
});

describe('stalledBefore(), unfinishedBefore() and stalledReason()', () => {
  it('are an hour before now for processing, a day for receiving', () => {
    expect(STALLED_AFTER_MINUTES).toBe(60);
    expect(stalledBefore(new Date('2026-11-25T01:00:00Z'))).toBe('2026-11-25T00:00:00.000Z');
    expect(unfinishedBefore(new Date('2026-11-25T01:00:00Z'))).toBe('2026-11-24T01:00:00.000Z');
  });

  it('say how far a stalled roster came, and what to do', () => {
    const processing: Roster = { ...roster, status: 'processing', chunks: 300, progress: { chunksApplied: 12, shardsDeparted: 0 } };
    expect(stalledReason(processing)).toBe('Not applied within 60 minutes (12 of 300 chunks applied); upload the roster again');
    expect(stalledReason({ ...processing, progress: { chunksApplied: 300, shardsDeparted: 9 } })).toBe('Not applied within 60 minutes (9 of 16 shards applied); upload the roster again');
    expect(stalledReason(roster)).toBe('Not completed within 24 hours of opening; upload the roster again');
  });
});

describe('assertAbandonable() and isOpen()', () => {
  it('lets a roster receiving or failed be abandoned, and no other', () => {
    for (const status of ['receiving', 'failed'] as const) expect(() => assertAbandonable({ ...roster, status })).not.toThrow();
    for (const status of ['processing', 'completed', 'abandoned'] as const) {
      expect(() => assertAbandonable({ ...roster, status })).toThrow(`Roster rst_1 is ${status}: only a roster still receiving, or failed, can be abandoned`);
    }
  });

  it('counts receiving and processing rosters as open', () => {
    expect((['receiving', 'processing', 'completed', 'failed', 'abandoned'] as const).filter(isOpen)).toEqual(['receiving', 'processing']);
  });
});

describe('rosterView() and rosterState()', () => {
  it('shows the roster without its owner or platform', () => {
    expect(rosterView(roster)).toEqual({
      id: 'rst_1',
      mode: 'snapshot',
      asOf: '2026-11-23T00:00:00.000Z',
      status: 'receiving',
      chunks: null,
      rows: emptyCounts(),
      progress: { chunksApplied: 0 },
      capacity: { readUnits: 0, writeUnits: 0 },
      createdAt: '2026-11-25T00:00:00.000Z',
      completedAt: null,
    });
    expect(rosterState(roster)).toEqual({ id: 'rst_1', status: 'receiving' });
  });

  it('says why a failed roster failed', () => {
    expect(rosterView({ ...roster, status: 'failed', failureReason: 'late' })).toMatchObject({ status: 'failed', failureReason: 'late' });
  });
});
