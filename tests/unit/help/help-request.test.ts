import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HelpStateError } from '../../../functions/help/domain/errors.js';
import {
  ACCEPT_WITHIN_MS,
  canMove,
  coveringRegionCodes,
  escalateRequest,
  fileRequest,
  HelpStatusSchema,
  moveRequest,
  routeRequest,
  type HelpChange,
  type HelpRequest,
  type HelpStatus,
  type RegionalOrg,
} from '../../../functions/help/domain/help-request.js';
import { helpDeltas, type OrgDelta } from '../../../functions/stats/domain/org-stats.js';
import { InvalidInputError } from '../../../shared/errors.js';

const STATUSES = HelpStatusSchema.options;
const HOUR = 3600_000;
const start = new Date('2026-12-06T02:00:00Z');
const context = (now = start) => ({ now, province: '35' });

/** A request filed with the district union of a four-level chain. */
const filed = (now = start): HelpChange =>
  fileRequest(
    { category: 'hardship_aid', regionCode: '350203', sealedDescription: 'v1.local.sealed' },
    { id: 'hlp_1', workerId: 'worker:w1', org: { id: 'district', ancestors: ['province', 'city'] }, member: undefined },
    context(now),
  );

const note = 'noted';

describe('moveRequest()', () => {
  it('follows only the moves of the state machine, whatever staff try, and each move adds one timeline entry', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...STATUSES), { maxLength: 12 }), (attempts) => {
        let request = filed().request;
        for (const to of attempts) {
          const from = request.status;
          try {
            request = moveRequest(request, { to, note }, 'staff-1', context()).request;
            expect(canMove(from, to)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(HelpStateError);
            expect(canMove(from, to)).toBe(false);
          }
        }
        const path = request.timeline.map((entry) => entry.status);
        for (let i = 1; i < path.length; i++) expect(canMove(path[i - 1]!, path[i]!)).toBe(true);
        expect(request.version).toBe(path.length);
        // Once it leaves `received` it can no longer escalate.
        expect(request.acceptBy === undefined).toBe(request.status !== 'received');
      }),
    );
  });

  it('ends in resolved, referred or closed and moves no further', () => {
    for (const terminal of ['resolved', 'referred', 'closed'] as HelpStatus[]) {
      for (const to of STATUSES) expect(canMove(terminal, to)).toBe(false);
    }
  });

  it('records an outcome on resolving only, and aid as a payout from the handling org for the year in Asia/Shanghai', () => {
    const accepted = moveRequest(filed().request, { to: 'accepted', note, assigneeId: 'mediator-1' }, 'staff-1', context()).request;
    expect(() => moveRequest(accepted, { to: 'in_mediation', note, outcome: { aidFen: 1 } }, 'staff-1', context())).toThrow(InvalidInputError);
    expect(() => moveRequest(accepted, { to: 'resolved', note, assigneeId: 'mediator-2' }, 'staff-1', context())).toThrow(InvalidInputError);
    // 2026-12-31 17:00 UTC is 2027-01-01 01:00 in Xiamen.
    const change = moveRequest(accepted, { to: 'resolved', note, outcome: { aidFen: 50_000 } }, 'staff-1', context(new Date('2026-12-31T17:00:00Z')));
    expect(change.payout).toEqual({ orgId: 'district', year: 2027, fen: 50_000 });
    expect(change.request).toMatchObject({ assigneeId: 'mediator-1', outcome: { recoveredFen: 0, aidFen: 50_000 } });
    expect(change.event?.data).toMatchObject({ aidFen: 50_000, recoveredFen: 0, from: { status: 'accepted' }, to: { status: 'resolved' } });
    expect(moveRequest(accepted, { to: 'resolved', note, outcome: { recoveredFen: 9 } }, 'staff-1', context()).payout).toBeUndefined();
  });
});

describe('routeRequest()', () => {
  const org = (id: string, depth: number, regionCode: string, kind = 'federation'): RegionalOrg => ({ id, ancestors: Array.from({ length: depth }, (_, i) => `a${i}`), regionCode, kind });

  it("sends an active member's request to their org, whatever covers the region", () => {
    const member = { status: 'active' as const, orgId: 'mine', ancestors: ['root'] };
    expect(routeRequest(member, [org('deep', 5, '350203')])).toEqual({ id: 'mine', ancestors: ['root'] });
  });

  it('sends anyone else\'s to the deepest regional union covering the region, never to an enterprise\'s union', () => {
    const arbitraryOrg = fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), depth: fc.nat(4), region: fc.constantFrom('350000', '350200', '350203'), kind: fc.constantFrom('federation', 'joint_union', 'enterprise_union') });
    fc.assert(
      fc.property(fc.uniqueArray(arbitraryOrg, { maxLength: 8, selector: (o) => o.id }), fc.constantFrom(undefined, 'pending', 'left'), (orgs, status) => {
        const candidates = orgs.map((o) => org(o.id, o.depth, o.region, o.kind));
        const member = status && { status: status as 'pending' | 'left', orgId: 'former', ancestors: [] };
        const routed = routeRequest(member, candidates);
        const regional = candidates.filter((c) => c.kind !== 'enterprise_union');
        if (regional.length === 0) {
          expect(routed).toBeUndefined();
        } else {
          const chosen = regional.find((c) => c.id === routed?.id);
          expect(chosen).toBeDefined();
          expect(chosen!.ancestors.length).toBe(Math.max(...regional.map((c) => c.ancestors.length)));
        }
      }),
    );
  });

  it('looks at the province, the city and the district of a region', () => {
    expect(coveringRegionCodes('350203')).toEqual(['350000', '350200', '350203']);
    expect(coveringRegionCodes('350200')).toEqual(['350000', '350200']);
    expect(coveringRegionCodes('350000')).toEqual(['350000']);
  });
});

describe('escalateRequest()', () => {
  it('leaves a request alone before its 48 hours, or once accepted', () => {
    const request = filed().request;
    expect(escalateRequest(request, context(new Date(start.getTime() + ACCEPT_WITHIN_MS - 1)))).toBeUndefined();
    const accepted = moveRequest(request, { to: 'accepted', note }, 'staff-1', context()).request;
    expect(escalateRequest(accepted, context(new Date(start.getTime() + 100 * HOUR)))).toBeUndefined();
  });

  it('climbs one org per 48 hours unaccepted, says why, and stops at the root', () => {
    let request: HelpRequest = filed().request;
    const orgs: string[] = [];
    for (let hours = 48; hours <= 48 * 5; hours += 48) {
      const change = escalateRequest(request, context(new Date(start.getTime() + hours * HOUR)));
      if (!change) break;
      request = change.request;
      if (change.event) orgs.push(request.orgId);
    }
    expect(orgs).toEqual(['city', 'province']);
    expect(request.orgId).toBe('province');
    expect(request.acceptBy).toBeUndefined();
    expect(request.timeline.filter((entry) => entry.event === 'escalated').map((entry) => entry.orgId)).toEqual(['city', 'province']);
  });
});

describe('helpDeltas()', () => {
  const sum = (deltas: OrgDelta[][]) => {
    const totals: Record<string, Record<string, number>> = {};
    for (const delta of deltas.flat()) {
      const counts = (totals[delta.orgId] ??= {});
      for (const [name, n] of Object.entries(delta.counts)) counts[name] = (counts[name] ?? 0) + n;
    }
    for (const counts of Object.values(totals)) for (const name of Object.keys(counts)) if (counts[name] === 0) delete counts[name];
    return Object.fromEntries(Object.entries(totals).filter(([, counts]) => Object.keys(counts).length > 0));
  };

  it('leave a request counted once, at its final status, on its final org and every ancestor, whatever path it took', () => {
    const step = fc.oneof(fc.constantFrom(...STATUSES).map((to) => ({ kind: 'move' as const, to })), fc.constant({ kind: 'escalate' as const }));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 10 }), (steps) => {
        const first = filed();
        let request = first.request;
        const events = [first.event!];
        let hours = 0;
        for (const attempt of steps) {
          hours += 49;
          const now = new Date(start.getTime() + hours * HOUR);
          const change = attempt.kind === 'escalate' ? escalateRequest(request, context(now)) : canMove(request.status, attempt.to) ? moveRequest(request, { to: attempt.to, note }, 's', context(now)) : undefined;
          if (!change) continue;
          request = change.request;
          if (change.event) events.push(change.event);
        }
        const totals = sum(events.map((event) => helpDeltas(event.data, event.occurredAt)));
        const chain = [request.orgId, ...request.ancestors];
        expect(Object.keys(totals).sort()).toEqual([...chain].sort());
        for (const orgId of chain) expect(totals[orgId]).toEqual({ [`helpStatus#${request.status}`]: 1, 'helpCategory#hardship_aid': 1 });
      }),
    );
  });
});
