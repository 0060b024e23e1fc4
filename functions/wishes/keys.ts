/** Key shapes of the wishes table and the sort keys of its indexes, in one place. */
export const orgKey = (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'ORG' });
export const memberKey = (workerId: string) => ({ pk: `MEMBER#${workerId}`, sk: 'MEMBER' });
export const campaignKey = (campaignId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: 'CAMPAIGN' });
export const wishKey = (wishId: string) => ({ pk: `WISH#${wishId}`, sk: 'WISH' });
/** Exists while a member has a wish in a campaign: one wish per member per campaign. */
export const guardKey = (campaignId: string, workerId: string) => ({ pk: `GUARD#${campaignId}#${workerId}`, sk: 'GUARD' });
/** A donor account's count of undelivered claims and its limit override. */
export const donorKey = (donorId: string) => ({ pk: `DONOR#${donorId}`, sk: 'CLAIMS' });
export const notificationsPartition = (workerId: string) => `NOTES#${workerId}`;

/** `campaignsByOrg`: an org's campaigns by opening date. */
export const campaignSortKey = (opensAt: string, campaignId: string) => `${opensAt}#${campaignId}`;
/** `poolByStatus`: per status, by region then age, so a region prefix is a `begins_with`. */
export const poolKey = (regionCode: string, createdAt: string, wishId: string) => `${regionCode}#${createdAt}#${wishId}`;
/** `wishesByCampaign`: per campaign, by status then region, so `status#regionPrefix` is a `begins_with`. */
export const campaignListKey = (status: string, regionCode: string, createdAt: string, wishId: string) => `${status}#${regionCode}#${createdAt}#${wishId}`;
/** `wishesByWorker` and `claimsByDonor`: by time. */
export const timeKey = (at: string, wishId: string) => `${at}#${wishId}`;
/** `claimsByExpiry`: the one partition of donor claims that can expire, by expiry. */
export const EXPIRY_QUEUE = 'DONOR_CLAIMS';
