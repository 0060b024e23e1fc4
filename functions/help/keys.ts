/** Key shapes of the help table and the sort keys of its indexes, in one place. */
export const requestKey = (requestId: string) => ({ pk: `HELP#${requestId}`, sk: 'HELP' });
export const orgKey = (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'ORG' });
export const memberKey = (workerId: string) => ({ pk: `MEMBER#${workerId}`, sk: 'MEMBER' });
/** An org's aid fund for a year: budget, spent and what is left, which payouts take from with a condition. */
export const fundKey = (orgId: string, year: number) => ({ pk: `FUND#${orgId}`, sk: `YEAR#${year}` });

/** `requestsByWorker` and `requestsByOrg`: newest last, by time then id. */
export const timeKey = (at: string, requestId: string) => `${at}#${requestId}`;
/** `awaitingAcceptance`: the one partition of requests that can escalate, by deadline. */
export const ESCALATION_QUEUE = 'AWAITING_ACCEPTANCE';
