import { z } from 'zod';
import { envelope, type Envelope } from '../../../events/envelope.js';
import { HelpCategorySchema, HelpRequestChangedV1, HelpStatusSchema, type HelpRequestChangedV1Data } from '../../../events/help-request-changed.v1.js';
import { InvalidInputError } from '../../../shared/errors.js';
import { yearInShanghai } from '../../../shared/wall-clock.js';
import { RegionCodeSchema } from '../../../shared/validation.js';
import { HelpStateError } from './errors.js';

export { HelpCategorySchema, HelpStatusSchema };
export type HelpCategory = z.infer<typeof HelpCategorySchema>;
export type HelpStatus = z.infer<typeof HelpStatusSchema>;

/** A request nobody accepted within this long goes up to the parent org. */
export const ACCEPT_WITHIN_MS = 48 * 3600_000;

/** The largest sum a request names or an outcome records: ten million yuan, in fen. */
const MAX_FEN = 1_000_000_000;
const FenSchema = z.number().int().min(0).max(MAX_FEN);

export const HelpRequestInputSchema = z.strictObject({
  category: HelpCategorySchema,
  description: z.string().trim().min(1).max(2000).describe('what happened and what help is asked for; seen only by the worker and the handling org\'s chain'),
  regionCode: RegionCodeSchema.describe('where the worker works: routes a non-member\'s request to the deepest union covering it'),
  platform: z.string().trim().min(1).max(50).optional(),
  amountFen: z.number().int().min(1).max(MAX_FEN).optional().describe('the sum in dispute or asked for, in fen'),
});
export type HelpRequestInput = z.infer<typeof HelpRequestInputSchema>;

export const OutcomeSchema = z.strictObject({
  recoveredFen: FenSchema.optional().describe('money recovered for the worker'),
  aidFen: FenSchema.optional().describe("hardship aid paid from the handling org's aid fund for the current year"),
});

export const TransitionInputSchema = z.strictObject({
  to: HelpStatusSchema,
  note: z.string().trim().min(1).max(1000).describe('what was done or decided; the worker sees it on their timeline'),
  assigneeId: z.string().trim().min(1).max(128).optional().describe('the mediator taking the case (with `accepted` or `in_mediation`)'),
  outcome: OutcomeSchema.optional().describe('with `resolved` only'),
});
export type TransitionInput = z.infer<typeof TransitionInputSchema>;

/** An org a request can be handled by: the help service's copy of the tree. */
export interface HandlingOrg {
  id: string;
  ancestors: string[];
}

export interface TimelineEntry {
  at: string;
  event: 'filed' | 'moved' | 'escalated';
  status: HelpStatus;
  /** The org handling the request from this entry on. */
  orgId: string;
  /** Who made the entry: the worker, staff (by their principal), or the escalation schedule. */
  by: { kind: 'worker' } | { kind: 'staff'; id: string } | { kind: 'system' };
  note?: string;
  assigneeId?: string;
  outcome?: Outcome;
}

export interface Outcome {
  recoveredFen: number;
  aidFen: number;
}

export interface HelpRequest {
  id: string;
  /** The worker account that filed it; absent once the worker is erased. */
  workerId?: string;
  /** Whose request it is, as staff may see it: a member's masked name, or nothing for a non-member (or after erasure). */
  requester: { member: boolean; maskedName?: string };
  category: HelpCategory;
  /** The description, sealed by the PII vault under the request's id; absent once the worker is erased. */
  sealedDescription?: string;
  regionCode: string;
  platform?: string;
  amountFen?: number;
  status: HelpStatus;
  /** The handling org, and its ancestors: its staff and theirs may read and move the request. */
  orgId: string;
  ancestors: string[];
  assigneeId?: string;
  outcome?: Outcome;
  timeline: TimelineEntry[];
  /** While `received`: when it escalates unless accepted. Absent once accepted, or when no parent is left. */
  acceptBy?: string;
  createdAt: string;
  updatedAt: string;
  /** Optimistic lock: every change writes version + 1 on the condition that it read version. */
  version: number;
}

/** The aid payout a resolution makes: from the handling org's fund for the year of the payout. */
export interface AidPayout {
  orgId: string;
  year: number;
  fen: number;
}

export interface HelpChange {
  request: HelpRequest;
  /** The version the change was decided on (0 for a new request). */
  expectedVersion: number;
  /** What it announces; none when nothing anyone counts moved (a root org's request leaving the escalation queue). */
  event?: Envelope<HelpRequestChangedV1Data>;
  payout?: AidPayout;
}

/** The moves staff may make; anything else is 409. */
export const MOVES: Readonly<Record<HelpStatus, readonly HelpStatus[]>> = {
  received: ['accepted'],
  accepted: ['in_mediation', 'resolved'],
  in_mediation: ['resolved', 'referred', 'closed'],
  resolved: [],
  referred: [],
  closed: [],
};

export const canMove = (from: HelpStatus, to: HelpStatus): boolean => MOVES[from].includes(to);

/** A member's placement as the help service's copy of memberships has it. */
export interface MemberPlacement {
  status: 'pending' | 'active' | 'rejected' | 'left' | 'erased';
  orgId: string;
  ancestors: string[];
  maskedName?: string;
}

/** An org that may take requests by region: its place, its region, and whether it is a regional union. */
export interface RegionalOrg extends HandlingOrg {
  regionCode: string;
  kind?: string;
}

/** Codes whose region covers `regionCode`: its province, its city and itself (`350203` → `350000`, `350200`, `350203`). */
export const coveringRegionCodes = (regionCode: string): string[] => [...new Set([`${regionCode.slice(0, 2)}0000`, `${regionCode.slice(0, 4)}00`, regionCode])];

/**
 * Where a request goes.
 *
 * 1. An active member's request goes to their membership org.
 * 2. Anyone else's to the deepest union whose region covers the request's region: orgs of an
 *    enterprise (企业工会) serve their own members, not a region, so they are passed over; ties
 *    go to the narrower region, then the smaller id.
 * 3. Nothing covers it: undefined (the region is outside the province's unions).
 */
export function routeRequest(member: MemberPlacement | undefined, candidates: readonly RegionalOrg[]): HandlingOrg | undefined {
  if (member?.status === 'active') return { id: member.orgId, ancestors: member.ancestors };
  const regional = candidates.filter((org) => org.kind !== 'enterprise_union');
  const narrowness = (code: string) => (code.endsWith('0000') ? 0 : code.endsWith('00') ? 1 : 2);
  const [best] = [...regional].sort(
    (a, b) => b.ancestors.length - a.ancestors.length || narrowness(b.regionCode) - narrowness(a.regionCode) || a.id.localeCompare(b.id),
  );
  return best && { id: best.id, ancestors: best.ancestors };
}

const placementOf = (request: HelpRequest) => ({ status: request.status, orgId: request.orgId, ancestors: request.ancestors });

function announce(before: HelpRequest | null, after: HelpRequest, reason: HelpRequestChangedV1Data['reason'], context: Context, outcome?: Outcome): Envelope<HelpRequestChangedV1Data> {
  return envelope(
    HelpRequestChangedV1,
    {
      requestId: after.id,
      category: after.category,
      reason,
      from: before && placementOf(before),
      to: placementOf(after),
      ...(outcome ? { recoveredFen: outcome.recoveredFen, aidFen: outcome.aidFen } : {}),
    },
    { province: context.province, now: context.now },
  );
}

export interface Context {
  now: Date;
  province: string;
}

/** A new request, received by the org it was routed to, due to be accepted within 48 hours. */
export function fileRequest(
  input: Omit<HelpRequestInput, 'description'> & { sealedDescription: string },
  filing: { id: string; workerId: string; org: HandlingOrg; member: MemberPlacement | undefined },
  context: Context,
): HelpChange {
  const at = context.now.toISOString();
  const isMember = filing.member?.status === 'active';
  const request: HelpRequest = {
    id: filing.id,
    workerId: filing.workerId,
    requester: { member: isMember, ...(isMember && filing.member?.maskedName ? { maskedName: filing.member.maskedName } : {}) },
    category: input.category,
    sealedDescription: input.sealedDescription,
    regionCode: input.regionCode,
    ...(input.platform ? { platform: input.platform } : {}),
    ...(input.amountFen ? { amountFen: input.amountFen } : {}),
    status: 'received',
    orgId: filing.org.id,
    ancestors: filing.org.ancestors,
    timeline: [{ at, event: 'filed', status: 'received', orgId: filing.org.id, by: { kind: 'worker' } }],
    acceptBy: new Date(context.now.getTime() + ACCEPT_WITHIN_MS).toISOString(),
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  return { request, expectedVersion: 0, event: announce(null, request, 'filed', context) };
}

/**
 * Staff move a request along the state machine.
 *
 * 1. Only the moves in `MOVES` (409 otherwise, naming both states).
 * 2. A mediator is assigned on accepting or starting mediation; an outcome is recorded on
 *    resolving only (400 naming the field otherwise).
 * 3. Aid in the outcome is a payout from the handling org's fund for the year (Asia/Shanghai) it is paid in.
 */
export function moveRequest(request: HelpRequest, move: TransitionInput, staffId: string, context: Context): HelpChange {
  if (!canMove(request.status, move.to)) throw new HelpStateError(request.status, move.to);
  if (move.assigneeId !== undefined && move.to !== 'accepted' && move.to !== 'in_mediation') {
    throw InvalidInputError.field('body.assigneeId', 'a mediator is assigned when accepting a request or starting mediation');
  }
  if (move.outcome !== undefined && move.to !== 'resolved') throw InvalidInputError.field('body.outcome', 'an outcome is recorded when resolving a request');
  const outcome = move.to === 'resolved' ? { recoveredFen: move.outcome?.recoveredFen ?? 0, aidFen: move.outcome?.aidFen ?? 0 } : undefined;
  const at = context.now.toISOString();
  // Every move leaves `received`, so the request is no longer due to escalate.
  const { acceptBy: _due, ...rest } = request;
  const assigneeId = move.assigneeId ?? request.assigneeId;
  const after: HelpRequest = {
    ...rest,
    status: move.to,
    ...(assigneeId ? { assigneeId } : {}),
    ...(outcome ? { outcome } : {}),
    timeline: [
      ...request.timeline,
      {
        at,
        event: 'moved',
        status: move.to,
        orgId: request.orgId,
        by: { kind: 'staff', id: staffId },
        note: move.note,
        ...(move.assigneeId ? { assigneeId: move.assigneeId } : {}),
        ...(outcome ? { outcome } : {}),
      },
    ],
    updatedAt: at,
    version: request.version + 1,
  };
  return {
    request: after,
    expectedVersion: request.version,
    event: announce(request, after, 'moved', context, outcome),
    ...(outcome && outcome.aidFen > 0 ? { payout: { orgId: request.orgId, year: yearInShanghai(context.now), fen: outcome.aidFen } } : {}),
  };
}

export const ESCALATION_NOTE = '48 小时内未受理，已转上级工会 (not accepted within 48 hours: escalated to the parent union)';

/**
 * A received request past its acceptance deadline goes to the parent org, due again in 48
 * hours there. Undefined when it is not overdue (accepted meanwhile, or not yet due). At the
 * root there is no parent: the request stays and leaves the escalation queue (no event: nothing moved).
 */
export function escalateRequest(request: HelpRequest, context: Context): HelpChange | undefined {
  if (request.status !== 'received' || !request.acceptBy || Date.parse(request.acceptBy) > context.now.getTime()) return undefined;
  const { acceptBy: _due, ...rest } = request;
  const parentId = request.ancestors.at(-1);
  if (!parentId) return { request: { ...rest, version: request.version + 1 }, expectedVersion: request.version };
  const at = context.now.toISOString();
  const after: HelpRequest = {
    ...rest,
    orgId: parentId,
    ancestors: request.ancestors.slice(0, -1),
    timeline: [...request.timeline, { at, event: 'escalated', status: 'received', orgId: parentId, by: { kind: 'system' }, note: ESCALATION_NOTE }],
    acceptBy: new Date(context.now.getTime() + ACCEPT_WITHIN_MS).toISOString(),
    updatedAt: at,
    version: request.version + 1,
  };
  return { request: after, expectedVersion: request.version, event: announce(request, after, 'escalated', context) };
}

/** What erasure leaves of a request: its category, place, states and outcome, for the counts; nothing that names or describes the worker. */
export function anonymize(request: HelpRequest): HelpRequest {
  const { workerId: _worker, sealedDescription: _description, platform: _platform, ...rest } = request;
  return {
    ...rest,
    requester: { member: request.requester.member },
    timeline: request.timeline.map(({ note: _note, ...entry }) => entry),
    version: request.version + 1,
  };
}
