import { MembershipStatusChangedV1 } from '../../events/membership-status-changed.v1.js';
import { OrgCreatedV1 } from '../../events/org-created.v1.js';
import { WorkerErasedV1 } from '../../events/worker-erased.v1.js';
import { ANYONE, defineService, STAFF } from '../../shared/topology.js';

const tables = ['courses'] as const;

/**
 * Courses (技能培训, 学历提升, 安全教育): staff publish them with seats; members enroll, and
 * seats are exact under simultaneous enrollments (one transaction conditioned on the count);
 * completion issues certificates anyone can verify, holder masked, and CertificateIssued tells
 * the jobs service which skills are certified. Knows orgs and members from its own read models.
 */
export const coursesService = defineService({
  name: 'courses',
  tables: {
    courses: {
      partitionKey: 'pk',
      sortKey: 'sk',
      ttl: 'expiresAt',
      outbox: true,
      indexes: {
        // Sparse: only course items carry these.
        upcomingCourses: { partitionKey: 'courseList', sortKey: 'startKey' },
        upcomingByTrade: { partitionKey: 'courseTrade', sortKey: 'startKey' },
        // Sparse: only enrollments still linked to a worker (erasure removes the link).
        enrollmentsByWorker: { partitionKey: 'enrolledWorker', sortKey: 'enrolledAt' },
      },
    },
  },
  routes: [
    { method: 'POST', path: '/v1/courses', handler: 'courses/create-course', allow: STAFF, tables },
    { method: 'GET', path: '/v1/courses', handler: 'courses/list-courses', allow: ANYONE, tables, pages: true },
    { method: 'GET', path: '/v1/courses/{courseId}', handler: 'courses/get-course', allow: ANYONE, tables },
    { method: 'POST', path: '/v1/courses/{courseId}/enrollments', handler: 'courses/enroll', allow: ['worker'], tables },
    { method: 'GET', path: '/v1/courses/{courseId}/enrollments', handler: 'courses/list-enrollments', allow: STAFF, tables, pages: true, audit: 'append' },
    { method: 'POST', path: '/v1/courses/{courseId}/completions', handler: 'courses/complete', allow: STAFF, tables },
    { method: 'GET', path: '/v1/certificates/{certificateNo}', handler: 'courses/verify-certificate', allow: 'public', tables },
  ],
  consumers: {
    coursesProjector: {
      handler: 'courses/project-events',
      events: [OrgCreatedV1.type, MembershipStatusChangedV1.type, WorkerErasedV1.type],
      batchSize: 10,
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: 5,
      tables,
    },
  },
  schedules: {},
});
