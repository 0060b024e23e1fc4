import type { Envelope } from '../../events/envelope.js';
import { ConcurrentChangeError } from '../../shared/dynamo.js';
import type { Campaign, OrgRef } from '../../functions/wishes/domain/campaign.js';
import { AlreadyWishedError, BudgetExceededError, ClaimLimitError, QuotaReachedError } from '../../functions/wishes/domain/errors.js';
import { reminderDueAt, type Member, type Wish, type WishChange } from '../../functions/wishes/domain/wish.js';
import type { WishPorts } from '../../functions/wishes/use-cases/ports.js';

/**
 * The wishes repository in memory, with the same invariants the DynamoDB one keeps by
 * conditions (all or nothing): the wish's version, the quota, one wish per member per
 * campaign, the donor's claim limit and the budget. Records every committed event.
 */
export function memoryWishes(options: { defaultClaimLimit?: number } = {}) {
  const orgs = new Map<string, OrgRef>();
  const members = new Map<string, Member>();
  const campaigns = new Map<string, Campaign>();
  const wishes = new Map<string, Wish>();
  const guards = new Set<string>();
  const donors = new Map<string, { open: number; limit?: number }>();
  const events: Envelope[] = [];
  const limit = options.defaultClaimLimit ?? 20;

  const repository: WishPorts['wishes'] = {
    getOrg: async (id) => orgs.get(id),
    getMember: async (workerId) => members.get(workerId),
    async putMember(member) {
      const stored = members.get(member.workerId);
      if (stored && (stored.changedAt > member.changedAt || stored.status === 'erased')) return false;
      members.set(member.workerId, member);
      return true;
    },
    getCampaign: async (id) => {
      const stored = campaigns.get(id);
      if (!stored) return undefined;
      return structuredClone(stored);
    },
    async createCampaign(campaign) {
      campaigns.set(campaign.id, structuredClone(campaign));
    },
    getWish: async (id) => (wishes.has(id) ? structuredClone(wishes.get(id)) : undefined),
    async commit(change: WishChange) {
      const { before, after, effects } = change;
      const current = wishes.get(after.id);
      if (before ? current?.version !== before.version : current) throw new ConcurrentChangeError();
      const campaign = campaigns.get(after.campaignId)!;
      const guard = after.workerId && `${after.campaignId}#${after.workerId}`;
      if (effects.guard === 'put' && guard && guards.has(guard)) throw new AlreadyWishedError();
      if (effects.quota === 1 && campaign.taken >= campaign.quota) throw new QuotaReachedError(campaign.id);
      if (effects.spendFen !== undefined && effects.spendFen > 0 && campaign.budgetFen - campaign.spentFen < effects.spendFen) throw new BudgetExceededError(campaign.id);
      const donor = effects.donorClaims && (donors.get(effects.donorClaims.donorId) ?? { open: 0 });
      if (donor && effects.donorClaims!.delta > 0 && donor.open >= (donor.limit ?? limit)) throw new ClaimLimitError();
      if (guard && effects.guard === 'put') guards.add(guard);
      if (guard && effects.guard === 'delete') guards.delete(guard);
      campaign.taken += effects.quota ?? 0;
      campaign.spentFen += effects.spendFen ?? 0;
      if (donor) donors.set(effects.donorClaims!.donorId, { ...donor, open: donor.open + effects.donorClaims!.delta });
      const saved = { ...structuredClone(after), version: before ? before.version + 1 : 0 };
      wishes.set(after.id, saved);
      events.push(change.event);
      return structuredClone(saved);
    },
    async unlinkWorker(wish) {
      const { workerId, ...rest } = wish;
      if (workerId) guards.delete(`${wish.campaignId}#${workerId}`);
      wishes.set(wish.id, { ...rest, version: wish.version + 1 });
    },
    allWorkerWishes: async (workerId) => [...wishes.values()].filter((wish) => wish.workerId === workerId).map((wish) => structuredClone(wish)),
    dueClaims: async (now) =>
      [...wishes.values()].filter((wish) => wish.status === 'claimed' && wish.claim?.kind === 'donor' && wish.claim.expiresAt <= now.toISOString()).map((wish) => wish.id),
    dueReminders: async (now) =>
      [...wishes.values()]
        .filter((wish) => wish.status === 'claimed' && wish.claim?.kind === 'donor' && !wish.claim.remindedAt && reminderDueAt(wish.claim) <= now.toISOString())
        .map((wish) => wish.id),
    dropNotifications: async () => undefined,
  };
  return { repository, orgs, members, campaigns, wishes, guards, donors, events };
}
