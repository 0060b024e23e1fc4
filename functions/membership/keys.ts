/** Key shapes of the memberships table, in one place. */
export const membershipKey = (membershipId: string) => ({ pk: `MEMBERSHIP#${membershipId}`, sk: 'MEMBERSHIP' });

/** One live membership per person: keyed by the blind index of the ID number, never the number. */
export const personKey = (blindIndex: string) => ({ pk: `PERSON#${blindIndex}`, sk: 'PERSON' });

/** A worker account's latest membership, and the guard of one live membership per account. */
export const workerKey = (workerId: string) => ({ pk: `WORKER#${workerId}`, sk: 'WORKER' });

export const orgKey = (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'ORG' });
export const transferKey = (transferId: string) => ({ pk: `TRANSFER#${transferId}`, sk: 'TRANSFER' });

/** Member numbers run per year without gaps: one counter item per year. */
export const memberNoCounterKey = (year: number) => ({ pk: 'COUNTER#MEMBERNO', sk: String(year) });

/** Sort key of the `membershipsByOrg` index: lists filter by status and run oldest first. */
export const orgListKey = (status: string, createdAt: string, membershipId: string) => `${status}#${createdAt}#${membershipId}`;

/** A partner roster row naming a person (by blind index): the rosters service's events keep it current. */
export const ROSTERED_PREFIX = 'ROSTERED#';
export const rosteredKey = (personIndex: string, partnerId: string, riderId: string) => ({ pk: `${ROSTERED_PREFIX}${personIndex}`, sk: `${partnerId}#${riderId}` });
