import { describe, expect, it } from 'vitest';
import { eventCatalog } from '../../../events/catalog.js';
import { OrgCreatedV1 } from '../../../events/org-created.v1.js';
import { parseEvent } from '../../../shared/events/consumer.js';
import { consumers } from '../../../functions/services.js';

/** Samples of every published version: a later change that stops them parsing breaks consumers. */
const samples = {
  'RosterFinished@1': {
    id: 'e-rfn',
    type: 'RosterFinished',
    version: 1,
    occurredAt: '2026-12-06T00:00:00.000Z',
    province: '35',
    data: { rosterId: 'ros_1', partnerId: 'acc_p', mode: 'snapshot', status: 'failed', reason: 'Chunk 2 is missing' },
  },
  'JobInterestExpressed@1': {
    id: 'e-jie',
    type: 'JobInterestExpressed',
    version: 1,
    occurredAt: '2026-12-06T00:00:00.000Z',
    province: '35',
    data: { jobId: 'job_1', employerId: 'acc_e', intentionId: 'int_1', seekerId: 'skr_1' },
  },
  'WishClaimExpiring@1': {
    id: 'e-wce',
    type: 'WishClaimExpiring',
    version: 1,
    occurredAt: '2026-12-06T00:00:00.000Z',
    province: '35',
    data: { wishId: 'wish_1', campaignId: 'cmp_1', category: 'appliance', valueFen: 30_000, donorId: 'acc_d', claimedAt: '2026-11-23T00:00:00.000Z', claimExpiresAt: '2026-12-07T00:00:00.000Z' },
  },
  'WebhookDeliveryRequested@1': {
    id: 'e-wdr',
    type: 'WebhookDeliveryRequested',
    version: 1,
    occurredAt: '2026-12-06T00:00:00.000Z',
    province: '35',
    data: { deliveryId: 'msg_1', accountId: 'acc_p' },
  },
  'HelpRequestChanged@1': {
    id: 'e-hlp',
    type: 'HelpRequestChanged',
    version: 1,
    occurredAt: '2026-12-06T00:00:00.000Z',
    province: '35',
    data: {
      requestId: 'hlp_1',
      category: 'hardship_aid',
      reason: 'moved',
      from: { status: 'accepted', orgId: 'o', ancestors: ['root'] },
      to: { status: 'resolved', orgId: 'o', ancestors: ['root'] },
      recoveredFen: 0,
      aidFen: 50_000,
    },
  },
  'CoursePublished@1': {
    id: 'e-crs',
    type: 'CoursePublished',
    version: 1,
    occurredAt: '2026-12-06T00:00:00.000Z',
    province: '35',
    data: { courseId: 'crs_1', orgId: 'o', ancestors: ['root'], kind: 'skills', trade: 'courier_sorting', seats: 30, startsAt: '2026-12-20T01:00:00.000Z', online: false },
  },
  'CourseEnrolled@1': {
    id: 'e-enr',
    type: 'CourseEnrolled',
    version: 1,
    occurredAt: '2026-12-06T00:00:00.000Z',
    province: '35',
    data: { courseId: 'crs_1', enrollmentId: 'enr_1', orgId: 'o', ancestors: ['root'], seats: 30 },
  },
  'CertificateIssued@1': {
    id: 'e-cert',
    type: 'CertificateIssued',
    version: 1,
    occurredAt: '2026-12-06T00:00:00.000Z',
    province: '35',
    data: { certificateNo: 'CERT-35-2026-7K3M9QXA2F', courseId: 'crs_1', orgId: 'o', ancestors: ['root'], workerId: 'worker:w-1', kind: 'skills', trade: 'courier_sorting', skills: ['叉车操作'], issuedAt: '2026-12-20T09:00:00.000Z' },
  },
  'StationRegistered@1': {
    id: 'e-stn',
    type: 'StationRegistered',
    version: 1,
    occurredAt: '2026-12-06T00:00:00.000Z',
    province: '35',
    data: { stationId: 'stn_1', orgId: 'o', ancestors: ['root'], regionCode: '350203', kind: 'union_station' },
  },
  'OrgCreated@1': {
    id: 'e1',
    type: 'OrgCreated',
    version: 1,
    occurredAt: '2026-11-23T00:00:00.000Z',
    province: '35',
    data: { orgId: 'o', name: '工会', kind: 'joint_union', parentId: null, ancestors: [], regionCode: '350000' },
  },
  'MembershipStatusChanged@1': {
    id: 'e2',
    type: 'MembershipStatusChanged',
    version: 1,
    occurredAt: '2026-11-23T00:00:00.000Z',
    province: '35',
    data: {
      membershipId: 'mem_1',
      occupation: 'courier',
      platforms: ['闽送即配'],
      joinSource: 'station:st-1',
      from: { status: 'pending', orgId: 'o', ancestors: ['root'] },
      to: { status: 'active', orgId: 'o', ancestors: ['root'] },
    },
  },
  'RosterCompleted@1': {
    id: 'e3',
    type: 'RosterCompleted',
    version: 1,
    occurredAt: '2026-11-23T00:00:00.000Z',
    province: '35',
    data: { rosterId: 'rst_1', partnerId: 'acc_1', mode: 'snapshot', chunks: 3 },
  },
  'RiderStatusChanged@1': {
    id: 'e4',
    type: 'RiderStatusChanged',
    version: 1,
    occurredAt: '2026-11-23T00:00:00.000Z',
    province: '35',
    data: { partnerId: 'acc_1', platform: '闽送即配', riderId: 'r-1', personIndex: 'idx', status: 'active', regionCode: '350203', station: null },
  },
  'RiderMembershipChanged@1': {
    id: 'e5',
    type: 'RiderMembershipChanged',
    version: 1,
    occurredAt: '2026-11-23T00:00:00.000Z',
    province: '35',
    data: { partnerId: 'acc_1', riderId: 'r-1', regionCode: '350203', rostered: true, isMember: true, version: 1795420800000 },
  },
  'RiderStatusChanged@2': {
    id: 'e4b',
    type: 'RiderStatusChanged',
    version: 2,
    occurredAt: '2026-12-04T00:00:00.000Z',
    province: '35',
    data: { riders: [{ partnerId: 'acc_1', platform: '闽送即配', riderId: 'r-1', personIndex: 'idx', contactIndex: 'cidx', status: 'active', regionCode: '350203', station: '莲前站' }] },
  },
  'RiderMembershipChanged@2': {
    id: 'e5b',
    type: 'RiderMembershipChanged',
    version: 2,
    occurredAt: '2026-12-04T00:00:00.000Z',
    province: '35',
    data: { riders: [{ partnerId: 'acc_1', riderId: 'r-1', regionCode: '350203', rostered: true, isMember: true, sharedWithPlatforms: true, version: 1795420800001 }] },
  },
  'WorkerErased@1': {
    id: 'e6',
    type: 'WorkerErased',
    version: 1,
    occurredAt: '2026-11-25T00:00:00.000Z',
    province: '35',
    data: { workerId: 'worker:w-1' },
  },
  'JoinLinkRevoked@1': {
    id: 'e7',
    type: 'JoinLinkRevoked',
    version: 1,
    occurredAt: '2026-11-25T00:00:00.000Z',
    province: '35',
    data: { linkId: 'jl_1', orgId: 'o' },
  },
  'JobPosted@1': {
    id: 'e7b',
    type: 'JobPosted',
    version: 1,
    occurredAt: '2026-11-25T00:00:00.000Z',
    province: '35',
    data: { jobId: 'job_1', employerId: 'acc_3', trade: 'delivery', regionCode: '350203', headcount: 5 },
  },
  'JobUpdated@1': {
    id: 'e8',
    type: 'JobUpdated',
    version: 1,
    occurredAt: '2026-11-25T00:00:00.000Z',
    province: '35',
    data: { jobId: 'job_1', employerId: 'acc_3', trade: 'delivery', regionCode: '350206', headcount: 8, version: 2 },
  },
  'JobClosed@1': {
    id: 'e9',
    type: 'JobClosed',
    version: 1,
    occurredAt: '2026-11-25T00:00:00.000Z',
    province: '35',
    data: { jobId: 'job_1', employerId: 'acc_3' },
  },
  'SeekerProfileUpdated@1': {
    id: 'e10',
    type: 'SeekerProfileUpdated',
    version: 1,
    occurredAt: '2026-11-25T00:00:00.000Z',
    province: '35',
    data: { workerId: 'worker:w-1' },
  },
  'FairScheduled@1': {
    id: 'e11',
    type: 'FairScheduled',
    version: 1,
    occurredAt: '2026-11-25T00:00:00.000Z',
    province: '35',
    data: { fairId: 'fair_1', orgId: 'org_1', ancestors: ['org_root'], startsAt: '2026-12-01T01:00:00.000Z', online: false },
  },
  'FairIntentionRecorded@1': {
    id: 'e12',
    type: 'FairIntentionRecorded',
    version: 1,
    occurredAt: '2026-12-01T02:00:00.000Z',
    province: '35',
    data: { fairId: 'fair_1', orgId: 'org_1', ancestors: ['org_root'], startsAt: '2026-12-01T01:00:00.000Z', jobId: 'job_1', employerId: 'acc_3' },
  },
  'WishSubmitted@1': {
    id: 'e7',
    type: 'WishSubmitted',
    version: 1,
    occurredAt: '2026-11-25T00:00:00.000Z',
    province: '35',
    data: { wishId: 'wish_1', campaignId: 'cmp_1', orgId: 'o', ancestors: ['root'], category: 'appliance', valueFen: 50000, from: null, to: 'pending_review' },
  },
  'WishOpened@1': {
    id: 'e8',
    type: 'WishOpened',
    version: 1,
    occurredAt: '2026-11-25T00:00:00.000Z',
    province: '35',
    data: { wishId: 'wish_1', campaignId: 'cmp_1', orgId: 'o', ancestors: ['root'], category: 'appliance', valueFen: 50000, from: 'pending_review', to: 'open' },
  },
  'WishRejected@1': {
    id: 'e9',
    type: 'WishRejected',
    version: 1,
    occurredAt: '2026-11-25T00:00:00.000Z',
    province: '35',
    data: { wishId: 'wish_1', campaignId: 'cmp_1', orgId: 'o', ancestors: ['root'], category: 'appliance', valueFen: 50000, from: 'pending_review', to: 'rejected' },
  },
  'WishClaimed@1': {
    id: 'e10',
    type: 'WishClaimed',
    version: 1,
    occurredAt: '2026-11-25T00:00:00.000Z',
    province: '35',
    data: { wishId: 'wish_1', campaignId: 'cmp_1', orgId: 'o', ancestors: ['root'], category: 'appliance', valueFen: 50000, from: 'open', to: 'claimed', donorId: 'acc_d', claimExpiresAt: '2026-12-09T00:00:00.000Z' },
  },
  'WishFunded@1': {
    id: 'e11',
    type: 'WishFunded',
    version: 1,
    occurredAt: '2026-11-25T00:00:00.000Z',
    province: '35',
    data: { wishId: 'wish_1', campaignId: 'cmp_1', orgId: 'o', ancestors: ['root'], category: 'appliance', valueFen: 50000, from: 'open', to: 'claimed', fundedBy: 'o' },
  },
  'WishReleased@1': {
    id: 'e12',
    type: 'WishReleased',
    version: 1,
    occurredAt: '2026-11-25T00:00:00.000Z',
    province: '35',
    data: { wishId: 'wish_1', campaignId: 'cmp_1', orgId: 'o', ancestors: ['root'], category: 'appliance', valueFen: 50000, from: 'claimed', to: 'open', claimKind: 'union', releasedBy: 'o' },
  },
  'WishExpired@1': {
    id: 'e13',
    type: 'WishExpired',
    version: 1,
    occurredAt: '2026-11-25T00:00:00.000Z',
    province: '35',
    data: { wishId: 'wish_1', campaignId: 'cmp_1', orgId: 'o', ancestors: ['root'], category: 'appliance', valueFen: 50000, from: 'claimed', to: 'open', donorId: 'acc_d' },
  },
  'WishDelivered@1': {
    id: 'e14',
    type: 'WishDelivered',
    version: 1,
    occurredAt: '2026-11-25T00:00:00.000Z',
    province: '35',
    data: { wishId: 'wish_1', campaignId: 'cmp_1', orgId: 'o', ancestors: ['root'], category: 'appliance', valueFen: 50000, from: 'claimed', to: 'delivered', claimKind: 'donor', deliveredTo: 'station' },
  },
  'WishFulfilled@1': {
    id: 'e15',
    type: 'WishFulfilled',
    version: 1,
    occurredAt: '2026-11-25T00:00:00.000Z',
    province: '35',
    data: { wishId: 'wish_1', campaignId: 'cmp_1', orgId: 'o', ancestors: ['root'], category: 'appliance', valueFen: 50000, from: 'delivered', to: 'fulfilled', claimKind: 'donor', donorId: 'acc_d', fulfilledAt: '2026-12-01T00:00:00.000Z', thanked: true },
  },
  'WishWithdrawn@1': {
    id: 'e16',
    type: 'WishWithdrawn',
    version: 1,
    occurredAt: '2026-11-25T00:00:00.000Z',
    province: '35',
    data: { wishId: 'wish_1', campaignId: 'cmp_1', orgId: 'o', ancestors: ['root'], category: 'appliance', valueFen: 50000, from: 'claimed', to: 'withdrawn', donorId: 'acc_d' },
  },
};

describe('event contracts', () => {
  it('has a sample for every published version, and every sample still parses', () => {
    expect(Object.keys(samples).sort()).toEqual(eventCatalog.map((c) => `${c.type}@${c.version}`).sort());
    for (const sample of Object.values(samples)) expect(parseEvent(JSON.stringify(sample), eventCatalog)).toEqual(sample);
  });

  it('refuses an envelope whose data breaks its contract, and unknown versions', () => {
    const sample = samples['OrgCreated@1'];
    expect(() => parseEvent(JSON.stringify({ ...sample, data: { orgId: 'o' } }), [OrgCreatedV1])).toThrow();
    expect(() => parseEvent(JSON.stringify({ ...sample, version: 2 }), [OrgCreatedV1])).toThrow(/No contract/);
  });

  it('subscribes consumers only to published event types', () => {
    const published = new Set<string>(eventCatalog.map((contract) => contract.type));
    for (const consumer of Object.values(consumers)) for (const type of consumer.events) expect(published.has(type)).toBe(true);
  });
});
