import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { envelope } from '../../events/envelope.js';
import { WishOpenedV1 } from '../../events/wish-opened.v1.js';
import { newLocalKeyring } from '../../shared/crypto/pii-vault.js';
import type { Actor, WishStatus } from '../../functions/wishes/domain/wish.js';
import { makeWishRepository } from '../../functions/wishes/repository.js';
import { createCampaign } from '../../functions/wishes/use-cases/create-campaign.js';
import { expireClaims } from '../../functions/wishes/use-cases/expire-claims.js';
import { forgetWorker, projectMembership } from '../../functions/wishes/use-cases/members.js';
import { projectWishEvent } from '../../functions/wishes/use-cases/project-wish-event.js';
import type { WishPorts } from '../../functions/wishes/use-cases/ports.js';
import { submitWish } from '../../functions/wishes/use-cases/submit-wish.js';
import { approveWish, claimWish, confirmWish, deliverWish, fundWish, rejectWish, releaseWish } from '../../functions/wishes/use-cases/transitions.js';
import { localTableName, provisionTables } from '../../local/provision.js';
import { testEngines } from '../helpers/province.js';

/**
 * The wish state machine against a reference model (fast-check commands): random sequences of
 * submissions, reviews, claims by two donors, union funding, releases, deliveries,
 * confirmations, claim expiry and members leaving run through the use cases against the real
 * repository on DynamoDB Local. After every step the outcome (done, or the 4xx it was refused
 * with) and the state (each wish's status, the budget spent, each donor's open claims) must be
 * what the model says.
 */

const QUOTA = 2;
const BUDGET_FEN = 50_000;
const CAP_FEN = 40_000;
const DONOR_LIMIT = 2;
const HOLD_DAYS = 1;
const WORKERS = 5;
const DONORS = ['a', 'b'] as const;
type DonorKey = (typeof DONORS)[number];
type Holder = { kind: 'donor'; donor: DonorKey } | { kind: 'union' };

interface ModelWish {
  worker: number;
  valueFen: number;
  status: WishStatus;
  claim: Holder | null;
}

interface Model {
  wishes: ModelWish[];
  /** Workers with a wish in the campaign: one each, freed only by a rejection. */
  guarded: Set<number>;
  left: Set<number>;
  taken: number;
  spentFen: number;
  donorClaims: Record<DonorKey, number>;
}

interface Real {
  ports: WishPorts & { wishes: ReturnType<typeof makeWishRepository> };
  campaignId: string;
  orgId: string;
  wishIds: string[];
  workerIds: string[];
  donorIds: Record<DonorKey, string>;
  advance(days: number): Date;
}

const LIVE: readonly WishStatus[] = ['pending_review', 'open', 'claimed', 'delivered'];
const DONOR_VISIBLE: readonly WishStatus[] = ['open', 'claimed', 'delivered', 'fulfilled'];

type ActorKey = DonorKey | 'staff';
const holds = (actor: ActorKey, wish: ModelWish) =>
  wish.claim !== null && (actor === 'staff' ? wish.claim.kind === 'union' : wish.claim.kind === 'donor' && wish.claim.donor === actor);
/** What a donor may see of a wish: the pool's statuses, or a claim it holds. Staff see all. */
const sees = (actor: ActorKey, wish: ModelWish) => actor === 'staff' || DONOR_VISIBLE.includes(wish.status) || holds(actor, wish);

/** A claim given back (release, expiry, withdrawal) returns the donor's slot or the budget. */
function giveBack(model: Model, wish: ModelWish) {
  if (wish.claim?.kind === 'donor') model.donorClaims[wish.claim.donor]--;
  if (wish.claim?.kind === 'union') model.spentFen -= wish.valueFen;
}

/** Done, or the HTTP status of the error the step was refused with. */
type Outcome = number | 'done';

const statusOf = async (run: () => Promise<unknown>): Promise<Outcome> => {
  try {
    await run();
    return 'done';
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === undefined) throw error;
    return status;
  }
};

const actorOf = (real: Real, actor: ActorKey): Actor =>
  actor === 'staff'
    ? { kind: 'staff', caller: { role: 'org_admin', principalId: 'org_admin:staff', sub: 'staff', orgId: real.orgId } }
    : { kind: 'donor', donorId: real.donorIds[actor], name: `爱心企业 ${actor}` };

/** One step: what the model predicts (mutating it when the step succeeds) and what the system does. */
abstract class Step implements fc.AsyncCommand<Model, Real> {
  check(_model: Readonly<Model>): boolean {
    return true;
  }
  abstract predict(model: Model): Outcome;
  abstract act(real: Real): Promise<unknown>;
  abstract toString(): string;
  async run(model: Model, real: Real) {
    const expected = this.predict(model);
    expect(await statusOf(() => this.act(real)), this.toString()).toBe(expected);
    for (const [index, wish] of model.wishes.entries()) expect((await real.ports.wishes.getWish(real.wishIds[index]!))?.status, `wish ${index}`).toBe(wish.status);
    const campaign = await real.ports.wishes.getCampaign(real.campaignId);
    expect(campaign?.spentFen).toBe(model.spentFen);
    expect(campaign!.spentFen).toBeLessThanOrEqual(BUDGET_FEN);
    for (const donor of DONORS) expect((await real.ports.wishes.getDonor(real.donorIds[donor])).claimsOpen, `donor ${donor}`).toBe(model.donorClaims[donor]);
  }
}

/**
 * Which wish a step is about: the n-th of the wishes in a status the step aims at (an open one
 * for a claim), or of all wishes when none is or `any` is set, so that refusals are tried too.
 */
interface Target {
  n: number;
  any: boolean;
}

abstract class WishStep extends Step {
  /** The statuses this step moves a wish out of. */
  abstract readonly aims: readonly WishStatus[];
  private index = 0;
  constructor(readonly target: Target) {
    super();
  }
  override check(model: Readonly<Model>) {
    return model.wishes.length > 0;
  }
  /** Resolves the target against the model; `predict` calls it before `act` reads `id`. */
  wish(model: Model) {
    const all = model.wishes.map((_, index) => index);
    const aimed = all.filter((index) => this.aims.includes(model.wishes[index]!.status));
    const candidates = this.target.any || aimed.length === 0 ? all : aimed;
    this.index = candidates[this.target.n % candidates.length]!;
    return model.wishes[this.index]!;
  }
  id(real: Real) {
    return real.wishIds[this.index]!;
  }
  get pick() {
    return `${this.index}`;
  }
}

class Submit extends Step {
  constructor(readonly worker: number, readonly valueFen: number) {
    super();
  }
  predict(model: Model): Outcome {
    if (model.left.has(this.worker)) return 403;
    if (this.valueFen > CAP_FEN) return 400;
    if (model.guarded.has(this.worker) || model.taken >= QUOTA) return 409;
    model.wishes.push({ worker: this.worker, valueFen: this.valueFen, status: 'pending_review', claim: null });
    model.guarded.add(this.worker);
    model.taken++;
    return 'done';
  }
  async act(real: Real) {
    const wish = await submitWish(real.campaignId, { title: '电饭煲', category: 'appliance', description: '想要一个电饭煲', valueFen: this.valueFen }, real.workerIds[this.worker]!, real.ports);
    real.wishIds.push(wish.id);
  }
  toString = () => `submit(worker ${this.worker}, ${this.valueFen})`;
}

class Review extends WishStep {
  readonly aims = ['pending_review'] as const;
  constructor(target: Target, readonly verdict: 'approve' | 'reject') {
    super(target);
  }
  predict(model: Model): Outcome {
    const wish = this.wish(model);
    if (wish.status !== 'pending_review') return 409;
    wish.status = this.verdict === 'approve' ? 'open' : 'rejected';
    if (this.verdict === 'reject') (model.taken--, model.guarded.delete(wish.worker));
    return 'done';
  }
  act(real: Real) {
    const staff = actorOf(real, 'staff');
    return this.verdict === 'approve' ? approveWish(this.id(real), staff, real.ports) : rejectWish(this.id(real), '不符合活动要求', staff, real.ports);
  }
  toString = () => `${this.verdict}(${this.pick})`;
}

class Claim extends WishStep {
  readonly aims = ['open'] as const;
  constructor(target: Target, readonly donor: DonorKey) {
    super(target);
  }
  predict(model: Model): Outcome {
    const wish = this.wish(model);
    if (!sees(this.donor, wish)) return 404;
    if (wish.status !== 'open' || model.donorClaims[this.donor] >= DONOR_LIMIT) return 409;
    wish.status = 'claimed';
    wish.claim = { kind: 'donor', donor: this.donor };
    model.donorClaims[this.donor]++;
    return 'done';
  }
  act(real: Real) {
    return claimWish(this.id(real), actorOf(real, this.donor) as Extract<Actor, { kind: 'donor' }>, real.ports);
  }
  toString = () => `claim(${this.pick}, donor ${this.donor})`;
}

class Fund extends WishStep {
  readonly aims = ['open'] as const;
  predict(model: Model): Outcome {
    const wish = this.wish(model);
    if (wish.status !== 'open' || model.spentFen + wish.valueFen > BUDGET_FEN) return 409;
    wish.status = 'claimed';
    wish.claim = { kind: 'union' };
    model.spentFen += wish.valueFen;
    return 'done';
  }
  act(real: Real) {
    return fundWish(this.id(real), actorOf(real, 'staff'), real.ports);
  }
  toString = () => `fund(${this.pick})`;
}

/** Release or deliver: only the claim's holder, only while claimed. `holder` acts as whoever holds the claim. */
class Hand extends WishStep {
  readonly aims = ['claimed'] as const;
  private actor: ActorKey = 'a';
  constructor(target: Target, readonly who: ActorKey | 'holder', readonly action: 'release' | 'deliver') {
    super(target);
  }
  predict(model: Model): Outcome {
    const wish = this.wish(model);
    this.actor = this.who !== 'holder' ? this.who : wish.claim?.kind === 'union' ? 'staff' : (wish.claim?.donor ?? 'a');
    if (!sees(this.actor, wish)) return 404;
    if (!wish.claim) return 409;
    if (!holds(this.actor, wish)) return 403;
    if (wish.status !== 'claimed') return 409;
    if (this.action === 'release') {
      giveBack(model, wish);
      wish.status = 'open';
      wish.claim = null;
    } else {
      if (wish.claim.kind === 'donor') model.donorClaims[wish.claim.donor]--;
      wish.status = 'delivered';
    }
    return 'done';
  }
  act(real: Real) {
    const actor = actorOf(real, this.actor);
    return this.action === 'release' ? releaseWish(this.id(real), actor, real.ports) : deliverWish(this.id(real), { to: 'org', note: '已交工会' }, actor, real.ports);
  }
  toString = () => `${this.action}(${this.pick}, ${this.who})`;
}

class Confirm extends WishStep {
  readonly aims = ['delivered'] as const;
  predict(model: Model): Outcome {
    const wish = this.wish(model);
    if (wish.status !== 'delivered') return 409;
    wish.status = 'fulfilled';
    return 'done';
  }
  /** The wish's own worker confirms it. */
  async act(real: Real) {
    const wish = await real.ports.wishes.getWish(this.id(real));
    return confirmWish(this.id(real), '谢谢', { kind: 'worker', workerId: wish!.workerId! }, real.ports);
  }
  toString = () => `confirm(${this.pick})`;
}

/** Time passes beyond every hold: the schedule returns every undelivered donor claim to the pool. */
class Expire extends Step {
  predict(model: Model): Outcome {
    for (const wish of model.wishes) {
      if (wish.status !== 'claimed' || wish.claim?.kind !== 'donor') continue;
      giveBack(model, wish);
      wish.status = 'open';
      wish.claim = null;
    }
    return 'done';
  }
  act(real: Real) {
    return expireClaims(real.advance(HOLD_DAYS + 1), real.ports);
  }
  toString = () => 'expire()';
}

/** A member leaves: their live wishes are withdrawn, undelivered claims given back. */
class Leave extends Step {
  constructor(readonly worker: number) {
    super();
  }
  override check(model: Readonly<Model>) {
    return !model.left.has(this.worker);
  }
  predict(model: Model): Outcome {
    model.left.add(this.worker);
    for (const wish of model.wishes) {
      if (wish.worker !== this.worker || !LIVE.includes(wish.status)) continue;
      if (wish.status === 'claimed') giveBack(model, wish);
      wish.status = 'withdrawn';
      model.taken--;
    }
    return 'done';
  }
  act(real: Real) {
    const placement = { orgId: real.orgId, ancestors: ['org_root'] };
    const change = {
      membershipId: `m_${this.worker}`,
      workerId: real.workerIds[this.worker],
      occupation: 'food_delivery',
      platforms: [],
      joinSource: 'org',
      from: { status: 'active' as const, ...placement },
      to: { status: 'left' as const, ...placement },
    };
    return projectMembership(change, real.ports.clock.now().toISOString(), real.ports);
  }
  toString = () => `leave(worker ${this.worker})`;
}

const pick = fc.record({ n: fc.nat(20), any: fc.constantFrom(false, false, false, true) });
const donor = fc.constantFrom(...DONORS);
// Weighted toward moving wishes forward, so that most runs reach claims, deliveries and their undoing.
const submit = fc.tuple(fc.nat(WORKERS - 1), fc.constantFrom(10_000, 20_000, 30_000, 15_000, CAP_FEN + 1)).map(([worker, value]) => new Submit(worker, value));
const review = fc.tuple(pick, fc.constantFrom('approve' as const, 'approve' as const, 'reject' as const)).map(([p, verdict]) => new Review(p, verdict));
const claim = fc.tuple(pick, donor).map(([p, d]) => new Claim(p, d));
const hand = fc
  .tuple(pick, fc.constantFrom<ActorKey | 'holder'>('holder', 'holder', 'a', 'b', 'staff'), fc.constantFrom('release' as const, 'deliver' as const))
  .map(([p, who, action]) => new Hand(p, who, action));
const steps = [
  submit,
  submit,
  submit,
  review,
  review,
  review,
  claim,
  claim,
  pick.map((p) => new Fund(p)),
  hand,
  hand,
  hand,
  pick.map((p) => new Confirm(p)),
  pick.map((p) => new Confirm(p)),
  fc.constant(new Expire()),
  // One of the members may leave: enough to withdraw wishes in every status without emptying the campaign.
  fc.constant(new Leave(WORKERS - 1)),
];

let repository: ReturnType<typeof makeWishRepository>;

beforeAll(async () => {
  process.env.LOCAL_KEYRING ??= newLocalKeyring();
  const prefix = `m${randomUUID().slice(0, 8)}-`;
  const raw = new DynamoDBClient({ endpoint: testEngines().dynamodb, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await provisionTables(raw, prefix);
  const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  repository = makeWishRepository({ client, tableName: localTableName(prefix, 'wishes'), defaultClaimLimit: 20 });
});

/** A fresh campaign, members and donors for each run, so runs share the tables but nothing else. */
async function freshWorld(): Promise<Real> {
  const run = randomUUID().slice(0, 8);
  let now = new Date('2026-11-25T08:00:00Z');
  let n = 0;
  const ports: Real['ports'] = {
    wishes: repository,
    clock: { now: () => now },
    ids: { next: (prefix) => `${prefix}_${run}_${++n}` },
    province: '35',
    metrics: { count: () => undefined },
    patience: { pausesMs: [] },
  };
  const orgId = `org_${run}`;
  await repository.putOrg({ id: orgId, ancestors: ['org_root'], regionCode: '350203' });
  const staff = { role: 'org_admin' as const, principalId: 'org_admin:staff', sub: 'staff', orgId };
  const campaign = await createCampaign(
    { orgId, title: '模型活动', opensAt: '2026-11-01T00:00:00Z', closesAt: '2030-01-01T00:00:00Z', budgetFen: BUDGET_FEN, quota: QUOTA, maxValueFen: CAP_FEN, claimHoldDays: HOLD_DAYS },
    staff,
    ports,
  );
  const workerIds = Array.from({ length: WORKERS }, (_, i) => `worker:${run}-${i}`);
  for (const workerId of workerIds) {
    await repository.putMember({ workerId, status: 'active', orgId, ancestors: ['org_root'], regionCode: '350203', occupation: 'food_delivery', changedAt: now.toISOString() });
  }
  const donorIds = { a: `acc_a_${run}`, b: `acc_b_${run}` };
  for (const id of Object.values(donorIds)) await repository.setClaimLimit(id, DONOR_LIMIT);
  return {
    ports,
    campaignId: campaign.id,
    orgId,
    wishIds: [],
    workerIds,
    donorIds,
    advance: (days) => (now = new Date(now.getTime() + days * 86_400_000)),
  };
}

describe('the wish state machine', () => {
  it('does what the reference model does, step by step, on DynamoDB Local', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(steps, { maxCommands: 40, size: 'max' }), async (commands) => {
        const model: Model = { wishes: [], guarded: new Set(), left: new Set(), taken: 0, spentFen: 0, donorClaims: { a: 0, b: 0 } };
        await fc.asyncModelRun(() => freshWorld().then((real) => ({ model, real })), commands);
      }),
      { numRuns: 20 },
    );
  }, 240_000);
});

describe('a notification racing the worker\'s erasure', () => {
  it('is not left behind when the erasure lands between the projector\'s read of the wish and its write', async () => {
    const real = await freshWorld();
    const workerId = real.workerIds[0]!;
    const wish = await submitWish(real.campaignId, { title: '电饭煲', category: 'appliance', description: '想要一个电饭煲', valueFen: 10_000 }, workerId, real.ports);
    const opened = await approveWish(wish.id, actorOf(real, 'staff'), real.ports);
    const event = envelope(WishOpenedV1, { wishId: opened.id, campaignId: real.campaignId, orgId: real.orgId, ancestors: ['org_root'], category: 'appliance', valueFen: 10_000, from: 'pending_review', to: 'open' }, { province: '35', now: new Date() });
    // The projector reads the wish (still linked), then the erasure runs whole, then the projector writes.
    const racing = {
      ...repository,
      async getWish(id: string) {
        const read = await repository.getWish(id);
        await forgetWorker(workerId, real.ports);
        return read;
      },
    };
    await projectWishEvent(event, { wishes: racing });
    expect((await repository.notifications(workerId, { limit: 10 })).items).toEqual([]);
  });
});
