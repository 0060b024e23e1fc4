import type { Caller } from '../../../shared/auth/caller.js';
import type { Page } from '../../../shared/dynamo.js';
import { staffCampaign, visibleCampaign, type Campaign, type OrgRef } from '../domain/campaign.js';
import type { Notification } from '../domain/notification.js';
import { campaignReport, type CampaignReport } from '../domain/report.js';
import { visibleWish, type Actor, type Wish } from '../domain/wish.js';
import type { DonorClaims, PageRequest, WishRepository } from '../repository.js';

type Wishes<K extends keyof WishRepository> = { wishes: Pick<WishRepository, K> };

/** A wish as the actor may see it; one they may not is not found (404). */
export async function getWish(wishId: string, actor: Actor, ports: Wishes<'getWish'>): Promise<Wish> {
  return visibleWish(actor, await ports.wishes.getWish(wishId), wishId);
}

/** A campaign: public to workers and donors, within their subtree for staff (404 otherwise). */
export async function getCampaign(campaignId: string, caller: Caller, ports: Wishes<'getCampaign'>): Promise<Campaign> {
  return visibleCampaign(caller, await ports.wishes.getCampaign(campaignId), campaignId);
}

/** The organizing union's report: staff of the campaign org's subtree only, over every wish of the campaign. */
export async function reportCampaign(campaignId: string, caller: Caller, ports: Wishes<'getCampaign' | 'campaignWishes'>): Promise<{ campaign: Campaign; report: CampaignReport }> {
  const campaign = staffCampaign(caller, await ports.wishes.getCampaign(campaignId), campaignId);
  return { campaign, report: campaignReport(campaign, await ports.wishes.campaignWishes(campaign.id)) };
}

/** A worker's own wishes, newest first. */
export const myWishes = (workerId: string, request: PageRequest, ports: Wishes<'workerWishes'>): Promise<Page<Wish>> => ports.wishes.workerWishes(workerId, request);

/** A worker's inbox, newest first. */
export const myNotifications = (workerId: string, request: PageRequest, ports: Wishes<'notifications'>): Promise<Page<Notification>> =>
  ports.wishes.notifications(workerId, request);

/** Marks the worker's own notifications read; ids of others' change nothing. How many it marked. */
export const markNotificationsRead = (workerId: string, ids: readonly string[], ports: Wishes<'markRead'>): Promise<number> => ports.wishes.markRead(workerId, ids);

/** The province admin sets how many undelivered claims a donor may hold; claims held stay. */
export const setClaimLimit = (donorId: string, limit: number, ports: Wishes<'setClaimLimit'>): Promise<DonorClaims> => ports.wishes.setClaimLimit(donorId, limit);

/** Keeps the service's copy of an org (from OrgCreated), for staff scope and campaigns. */
export const recordOrg = (org: OrgRef, ports: Wishes<'putOrg'>): Promise<void> => ports.wishes.putOrg(org);
