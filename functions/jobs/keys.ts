/** Key shapes of the jobs table, in one place. */
export const jobKey = (jobId: string) => ({ pk: `JOB#${jobId}`, sk: 'JOB' });
/** One search index item per key a posting is found by (`R4#3502`, `T#delivery#R2#35`), newest first. */
export const searchKey = (partition: string, sortKey: string) => ({ pk: `SEARCH#${partition}`, sk: sortKey });
export const searchPartitionKey = (partition: string) => `SEARCH#${partition}`;

export const profileKey = (workerId: string) => ({ pk: `SEEKER#${workerId}`, sk: 'PROFILE' });
/** A course certificate of the worker's, beside their profile (which may not exist yet). */
export const seekerCertificateKey = (workerId: string, certificateNo: string) => ({ pk: `SEEKER#${workerId}`, sk: `${SEEKER_CERTIFICATE_PREFIX}${certificateNo}` });
export const SEEKER_CERTIFICATE_PREFIX = 'CERT#';
/** Seekers under a trade and area (`delivery#C#3502`), for the matcher. */
export const seekerIndexKey = (key: string, workerId: string) => ({ pk: `SEEKERS#${key}`, sk: workerId });
export const seekerIndexPartitionKey = (key: string) => `SEEKERS#${key}`;

export const matchKey = (jobId: string, workerId: string) => ({ pk: `JOB#${jobId}`, sk: `MATCH#${workerId}` });
export const MATCH_PREFIX = 'MATCH#';
/** Ranks best first as a string: a lower key is a higher score. */
export const rankKey = (score: number, tieBreak: string) => `${String(1000 - score).padStart(4, '0')}#${tieBreak}`;

export const interestKey = (jobId: string, intentionId: string) => ({ pk: `JOB#${jobId}`, sk: `INTEREST#${intentionId}` });
export const INTEREST_PREFIX = 'INTEREST#';
/** One interest per worker per job; the worker's side, which erasure follows to the interests. */
export const workerInterestKey = (workerId: string, jobId: string) => ({ pk: `WORKER#${workerId}`, sk: `INTEREST#${jobId}` });

export const orgKey = (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'ORG' });

export const fairKey = (fairId: string) => ({ pk: `FAIR#${fairId}`, sk: 'FAIR' });
export const boothKey = (fairId: string, employerId: string) => ({ pk: `FAIR#${fairId}`, sk: `BOOTH#${employerId}` });
export const BOOTH_PREFIX = 'BOOTH#';
export const fairJobKey = (fairId: string, jobId: string) => ({ pk: `FAIR#${fairId}`, sk: `JOB#${jobId}` });
export const checkinKey = (fairId: string, workerId: string) => ({ pk: `FAIR#${fairId}`, sk: `CHECKIN#${workerId}` });
export const fairIntentionKey = (fairId: string, jobId: string, workerId: string) => ({ pk: `FAIR#${fairId}`, sk: `INTENTION#${jobId}#${workerId}` });
/** Every fair of the province sorts under one key of the `fairsByStart` index. */
export const ALL_FAIRS = 'FAIRS';
export const fairStartKey = (startsAt: string, fairId: string) => `${startsAt}#${fairId}`;
