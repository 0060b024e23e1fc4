import { CertificateIssuedV1 } from '../../events/certificate-issued.v1.js';
import { JobClosedV1 } from '../../events/job-closed.v1.js';
import { JobPostedV1 } from '../../events/job-posted.v1.js';
import { JobUpdatedV1 } from '../../events/job-updated.v1.js';
import { OrgCreatedV1 } from '../../events/org-created.v1.js';
import { SeekerProfileUpdatedV1 } from '../../events/seeker-profile-updated.v1.js';
import { WorkerErasedV1 } from '../../events/worker-erased.v1.js';
import { POSTER_FILES } from '../../shared/poster/glyphs.js';
import { ANYONE, defineService, STAFF, type Role } from '../../shared/topology.js';

/** Every credential: postings, fairs and their counts are open to any caller the province knows. */
const EMPLOYER: readonly Role[] = ['employer'];
const WORKER: readonly Role[] = ['worker'];
const tables = ['jobs'] as const;

/**
 * Jobs and fairs (零工市场, 招聘会): employer postings with a search index, job-seeker
 * profiles, event-driven matching, expressions of interest, and job fairs with booths,
 * check-ins and intentions.
 */
export const jobsService = defineService({
  name: 'jobs',
  tables: {
    jobs: {
      partitionKey: 'pk',
      sortKey: 'sk',
      indexes: {
        /** A seeker's matches, best first. */
        matchesBySeeker: { partitionKey: 'matchWorker', sortKey: 'matchWorkerRank' },
        /** A job's matched seekers, best first. */
        matchesByJob: { partitionKey: 'matchJob', sortKey: 'matchJobRank' },
        /** An org's fairs by start. */
        fairsByOrg: { partitionKey: 'fairOrg', sortKey: 'fairStart' },
        /** The province's fairs by start. */
        fairsByStart: { partitionKey: 'fairAll', sortKey: 'fairStart' },
      },
      outbox: true,
      ttl: 'expiresAt',
    },
  },
  routes: [
    { method: 'POST', path: '/v1/jobs', handler: 'jobs/create-job', allow: EMPLOYER, tables },
    { method: 'GET', path: '/v1/jobs', handler: 'jobs/search-jobs', allow: ANYONE, tables, pages: true },
    { method: 'GET', path: '/v1/jobs/{jobId}', handler: 'jobs/get-job', allow: ANYONE, tables },
    { method: 'PUT', path: '/v1/jobs/{jobId}', handler: 'jobs/update-job', allow: EMPLOYER, tables },
    { method: 'POST', path: '/v1/jobs/{jobId}/close', handler: 'jobs/close-job', allow: EMPLOYER, tables },
    { method: 'GET', path: '/v1/jobs/{jobId}/matches', handler: 'jobs/list-job-matches', allow: EMPLOYER, tables, pages: true },
    { method: 'POST', path: '/v1/jobs/{jobId}/interest', handler: 'jobs/express-interest', allow: WORKER, tables, pii: true },
    { method: 'GET', path: '/v1/jobs/{jobId}/interests', handler: 'jobs/list-interests', allow: EMPLOYER, tables, pii: true, pages: true, audit: 'append' },
    { method: 'POST', path: '/v1/jobs/{jobId}/interests/{intentionId}/accept', handler: 'jobs/accept-interest', allow: EMPLOYER, tables, pii: true, audit: 'append' },
    { method: 'PUT', path: '/v1/job-seekers/me', handler: 'jobs/put-profile', allow: WORKER, tables },
    { method: 'GET', path: '/v1/job-seekers/me', handler: 'jobs/get-profile', allow: WORKER, tables },
    { method: 'GET', path: '/v1/job-seekers/me/matches', handler: 'jobs/list-seeker-matches', allow: WORKER, tables, pages: true },
    { method: 'POST', path: '/v1/fairs', handler: 'jobs/create-fair', allow: STAFF, tables },
    { method: 'GET', path: '/v1/fairs', handler: 'jobs/list-fairs', allow: ANYONE, tables, pages: true },
    { method: 'POST', path: '/v1/fairs/{fairId}/booths', handler: 'jobs/add-booth', allow: EMPLOYER, tables },
    { method: 'POST', path: '/v1/fairs/{fairId}/checkin-links', handler: 'jobs/create-checkin-link', allow: STAFF, tables },
    { method: 'GET', path: '/v1/fairs/{fairId}/checkin-links/{token}/poster', handler: 'jobs/get-checkin-poster', allow: STAFF, tables, files: POSTER_FILES },
    { method: 'POST', path: '/v1/fairs/{fairId}/checkins', handler: 'jobs/check-in', allow: WORKER, tables },
    { method: 'POST', path: '/v1/fairs/{fairId}/intentions', handler: 'jobs/record-intention', allow: WORKER, tables },
    { method: 'GET', path: '/v1/fairs/{fairId}/stats', handler: 'jobs/get-fair-stats', allow: ANYONE, tables },
    { method: 'GET', path: '/v1/fairs/{fairId}/report', handler: 'jobs/get-fair-report', allow: STAFF, tables },
  ],
  consumers: {
    /**
     * Keeps ranked matches for both sides, drops an erased worker's profile, matches and shared
     * contacts, keeps the service's copy of the org tree (for the scope of fairs) and certifies
     * the skills of members' course certificates on their profiles. One
     * consumer rather than two: each function costs about ten of the stack's 500 resources.
     */
    jobsMatcher: {
      handler: 'jobs/match-events',
      events: [JobPostedV1.type, JobUpdatedV1.type, JobClosedV1.type, SeekerProfileUpdatedV1.type, WorkerErasedV1.type, OrgCreatedV1.type, CertificateIssuedV1.type],
      batchSize: 10,
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: 5,
      tables,
    },
  },
  schedules: {},
});
