import type { MembershipStatusChangedV1Data } from '../../../events/membership-status-changed.v1.js';
import type { OrgCreatedV1Data } from '../../../events/org-created.v1.js';
import type { AuditLog } from '../../../shared/audit.js';
import type { Caller, StaffCaller } from '../../../shared/auth/caller.js';
import { isInScope, orgInScope } from '../../../shared/auth/org-scope.js';
import type { PiiVault } from '../../../shared/crypto/pii-vault.js';
import { ConcurrentChangeError, type Page } from '../../../shared/dynamo.js';
import { InvalidInputError, NotFoundError } from '../../../shared/errors.js';
import type { Clock, Ids } from '../../../shared/ports.js';
import { withRetries } from '../../../shared/retry.js';
import { HelpRequestNotFoundError } from '../domain/errors.js';
import {
  anonymize,
  coveringRegionCodes,
  escalateRequest,
  fileRequest,
  moveRequest,
  routeRequest,
  type HelpChange,
  type HelpRequest,
  type HelpRequestInput,
  type TransitionInput,
} from '../domain/help-request.js';
import type { AidFund, HelpRepository, RequestFilter } from '../repository.js';

export interface HelpPorts {
  help: HelpRepository;
  clock: Clock;
  ids: Ids;
  vault: Pick<PiiVault, 'encrypt' | 'decrypt'>;
  audit: AuditLog;
  province: string;
}

/** A request with its description opened, for the worker who filed it and the handling org's chain. */
export type OpenedRequest = HelpRequest & { description: string | null };

const sealingContext = (requestId: string) => ({ helpRequestId: requestId });

async function opened(request: HelpRequest, ports: Pick<HelpPorts, 'vault'>): Promise<OpenedRequest> {
  const description = request.sealedDescription ? await ports.vault.decrypt(request.sealedDescription, sealingContext(request.id)) : null;
  return { ...request, description };
}

/**
 * A worker files a help request.
 *
 * 1. Route it: an active member's to their membership org; anyone else's to the deepest union
 *    covering the region (400 naming `regionCode` when none does).
 * 2. Seal the description under the request's id: only the worker and the handling org's chain open it.
 * 3. Write the request and its event in one transaction.
 */
export async function fileHelpRequest(input: HelpRequestInput, workerId: string, ports: HelpPorts): Promise<OpenedRequest> {
  const uncovered = () => InvalidInputError.field('body.regionCode', `no union of province ${ports.province} covers this region`);
  if (!input.regionCode.startsWith(ports.province)) throw uncovered();
  const member = await ports.help.getMember(workerId);
  const org = routeRequest(member, member?.status === 'active' ? [] : await ports.help.orgsInRegions(coveringRegionCodes(input.regionCode)));
  if (!org) throw uncovered();
  const id = ports.ids.next('hlp');
  const { description, ...rest } = input;
  const sealedDescription = await ports.vault.encrypt(description, sealingContext(id));
  const change = fileRequest({ ...rest, sealedDescription }, { id, workerId, org, member }, { now: ports.clock.now(), province: ports.province });
  return { ...(await ports.help.commit(change)), description };
}

/** The worker's own requests with their timelines and descriptions, newest first. */
export async function myHelpRequests(workerId: string, request: { limit: number; cursor?: string }, ports: Pick<HelpPorts, 'help' | 'vault'>): Promise<Page<OpenedRequest>> {
  const page = await ports.help.mine(workerId, request);
  return { items: await Promise.all(page.items.map((item) => opened(item, ports))), nextCursor: page.nextCursor };
}

const inChain = (caller: Caller, request: HelpRequest) => isInScope(caller, { id: request.orgId, ancestors: request.ancestors });

/**
 * One request, for the worker who filed it or staff of the handling org's chain (404 for anyone
 * else). Staff reading it, description included, are recorded in the audit log.
 */
export async function getHelpRequest(requestId: string, caller: Caller, ports: HelpPorts): Promise<OpenedRequest> {
  const request = await ports.help.get(requestId);
  const own = caller.role === 'worker' && request?.workerId !== undefined && request.workerId === caller.principalId;
  if (!request || !(own || inChain(caller, request))) throw new HelpRequestNotFoundError(requestId);
  if (!own) await ports.audit.record({ action: 'help.read', actor: caller, orgId: request.orgId, subjects: [request.id] });
  return opened(request, ports);
}

/** The requests an org handles, for staff of the org or an ancestor (404 otherwise): requester masked, no descriptions; the access is audited. */
export async function orgHelpRequests(
  orgId: string,
  filter: RequestFilter,
  request: { limit: number; cursor?: string },
  caller: Caller,
  ports: Pick<HelpPorts, 'help' | 'audit'>,
): Promise<Page<HelpRequest>> {
  const org = orgInScope(caller, await ports.help.getOrg(orgId), () => new NotFoundError(`No org ${orgId} in your scope`));
  const page = await ports.help.ofOrg(org.id, filter, request);
  await ports.audit.record({ action: 'help.list', actor: caller, orgId: org.id, subjects: page.items.map((item) => item.id) });
  return page;
}

/** Lost a race: the request moved since it was read. */
const isRace = (error: unknown) => error instanceof ConcurrentChangeError;

/**
 * Re-reads and re-decides a change when another one committed between the read and the write,
 * a few times at most: the next read meets the winner's state and the rule answers accordingly.
 */
function changeRequest(requestId: string, decide: (request: HelpRequest | undefined) => HelpChange | undefined, ports: Pick<HelpPorts, 'help'>): Promise<HelpChange | undefined> {
  return withRetries(
    async () => {
      const change = decide(await ports.help.get(requestId, { consistent: true }));
      if (change) await ports.help.commit(change);
      return change;
    },
    { times: 4, isRetryable: isRace, pauseMs: 20 },
  );
}

/**
 * Staff of the handling org's chain move a request (404 for others): accept it, assign a
 * mediator, mediate, resolve with an outcome (aid paid from the org's fund, 409 when that would
 * overspend it, and nothing changes), refer or close it; any move the state machine lacks is 409.
 */
export async function moveHelpRequest(requestId: string, move: TransitionInput, caller: StaffCaller, ports: Pick<HelpPorts, 'help' | 'clock' | 'province'>): Promise<HelpRequest> {
  const change = await changeRequest(
    requestId,
    (request) => {
      if (!request || !inChain(caller, request)) throw new HelpRequestNotFoundError(requestId);
      return moveRequest(request, move, caller.principalId, { now: ports.clock.now(), province: ports.province });
    },
    ports,
  );
  return change!.request;
}

/**
 * The escalation schedule: each received request past its 48 hours goes to the parent org.
 * One accepted (or escalated by an overlapping run) meanwhile is left as it is.
 */
export async function escalateOverdue(now: Date, ports: Pick<HelpPorts, 'help' | 'province'>): Promise<{ escalated: number }> {
  let escalated = 0;
  for (const id of await ports.help.overdueIds(now)) {
    const change = await changeRequest(id, (request) => request && escalateRequest(request, { now, province: ports.province }), ports);
    // Without an event the request stayed: a root org's, leaving the queue.
    if (change?.event) escalated++;
  }
  return { escalated };
}

/** An org's aid fund for a year (zero when none was set), for staff of the org or an ancestor. */
export async function aidFund(orgId: string, year: number, caller: Caller, ports: Pick<HelpPorts, 'help'>): Promise<AidFund> {
  const org = orgInScope(caller, await ports.help.getOrg(orgId), () => new NotFoundError(`No org ${orgId} in your scope`));
  return (await ports.help.getFund(org.id, year)) ?? { orgId: org.id, year, budgetFen: 0, spentFen: 0 };
}

/** Staff of the org or an ancestor set its aid budget for a year; a budget below what was paid is 409. */
export async function setAidFund(orgId: string, year: number, budgetFen: number, caller: Caller, ports: Pick<HelpPorts, 'help'>): Promise<AidFund> {
  const org = orgInScope(caller, await ports.help.getOrg(orgId), () => new NotFoundError(`No org ${orgId} in your scope`));
  return ports.help.putFund(org.id, year, budgetFen);
}

/** The help service's copy of an org (routing and staff scope); a redelivered event writes the same again. */
export const recordOrg = (org: OrgCreatedV1Data, ports: Pick<HelpPorts, 'help'>): Promise<void> => ports.help.addOrg(org);

/**
 * An erased worker (PIPL): each of their requests keeps its category, place, states and outcome
 * for the counts, and loses the link to the worker, the description and the notes; their member
 * copy becomes a tombstone. Safe to repeat.
 */
export async function forgetRequester(workerId: string, at: string, ports: Pick<HelpPorts, 'help'>): Promise<void> {
  for (const request of await ports.help.allOfWorker(workerId)) {
    await changeRequest(request.id, (current) => (current?.workerId === workerId ? { request: anonymize(current), expectedVersion: current.version } : undefined), ports);
  }
  await ports.help.dropMember(workerId, at);
}

/** Keeps the copy of a worker's membership that routing reads; an erased member is forgotten. */
export async function projectMembership(change: MembershipStatusChangedV1Data, occurredAt: string, ports: Pick<HelpPorts, 'help'>): Promise<void> {
  const { workerId, to } = change;
  if (!workerId) return;
  if (to.status === 'erased') return forgetRequester(workerId, occurredAt, ports);
  await ports.help.putMember(workerId, { status: to.status, orgId: to.orgId, ancestors: to.ancestors, ...(change.maskedName ? { maskedName: change.maskedName } : {}) }, occurredAt);
}
