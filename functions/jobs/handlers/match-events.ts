import { CertificateIssuedV1 } from '../../../events/certificate-issued.v1.js';
import { JobClosedV1 } from '../../../events/job-closed.v1.js';
import { JobPostedV1 } from '../../../events/job-posted.v1.js';
import { JobUpdatedV1 } from '../../../events/job-updated.v1.js';
import { OrgCreatedV1 } from '../../../events/org-created.v1.js';
import { SeekerProfileUpdatedV1 } from '../../../events/seeker-profile-updated.v1.js';
import { WorkerErasedV1 } from '../../../events/worker-erased.v1.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { jobPorts } from '../dependencies.js';
import { certifySkills } from '../use-cases/certify.js';
import { matchJobToSeekers, matchSeekerToJobs } from '../use-cases/matching.js';
import { forgetSeeker, recordOrg } from '../use-cases/queries.js';

const ports = jobPorts();

/**
 * The matcher: every event makes it recompute from state (the posting or the profile as it
 * stands), so redeliveries and reordering converge on the same matches. It also keeps the
 * service's copy of the org tree (`org-tree.ts`), for the scope of fairs, and certifies the skills
 * of members' course certificates on their profiles (the profile's event then re-ranks them).
 */
export const handler = sqsConsumer([JobPostedV1, JobUpdatedV1, JobClosedV1, SeekerProfileUpdatedV1, WorkerErasedV1, OrgCreatedV1, CertificateIssuedV1], {
  JobPosted: async ({ jobId }) => void (await matchJobToSeekers(jobId, ports)),
  JobUpdated: async ({ jobId }) => void (await matchJobToSeekers(jobId, ports)),
  JobClosed: async ({ jobId }) => void (await matchJobToSeekers(jobId, ports)),
  SeekerProfileUpdated: async ({ workerId }) => void (await matchSeekerToJobs(workerId, ports)),
  WorkerErased: ({ workerId }) => forgetSeeker(workerId, ports),
  OrgCreated: (data) => recordOrg(data, ports),
  CertificateIssued: (data) => certifySkills(data, ports),
});
