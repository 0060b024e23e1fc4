import { describe, expect, it } from 'vitest';
import type { CertificateIssuedV1Data } from '../../../events/certificate-issued.v1.js';
import type { Envelope } from '../../../events/envelope.js';
import { certifiedSkillsOf, certifyProfile, type SeekerCertificate, type SeekerProfile } from '../../../functions/jobs/domain/seeker.js';
import { certifySkills, type CertifyPorts } from '../../../functions/jobs/use-cases/certify.js';

const now = new Date('2026-12-10T02:00:00Z');
const certificate = (certificateNo: string, overrides: Partial<SeekerCertificate> = {}): SeekerCertificate => ({
  certificateNo,
  courseId: 'crs_1',
  kind: 'skills',
  skills: ['叉车操作'],
  issuedAt: '2026-12-01T00:00:00.000Z',
  ...overrides,
});
const profile: SeekerProfile = {
  workerId: 'worker:w',
  trades: ['courier_sorting'],
  skills: ['扫码枪'],
  regionCodes: ['350203'],
  days: [1, 2, 3],
  windows: [],
  payMinFen: null,
  certifiedSkills: [],
  updatedAt: '2026-12-09T00:00:00.000Z',
  pseudonymSalt: 'salt',
};

describe('certifiedSkillsOf()', () => {
  it('takes the skills of skills courses only, each once, vouched for by the earliest certificate', () => {
    const found = certifiedSkillsOf([
      certificate('CERT-B', { skills: ['叉车操作', ' 电工 '], issuedAt: '2026-12-05T00:00:00.000Z' }),
      certificate('CERT-A', { skills: ['叉车操作'] }),
      certificate('CERT-C', { kind: 'safety', skills: ['交通安全'] }),
      certificate('CERT-D', { kind: 'degree', skills: ['大专'] }),
    ]);
    expect(found).toEqual([
      { skill: '叉车操作', certificateNo: 'CERT-A' },
      { skill: ' 电工 ', certificateNo: 'CERT-B' },
    ]);
  });
});

describe('certifyProfile()', () => {
  it('adds the certified skills beside the declared ones, moves updatedAt and announces the profile', () => {
    const change = certifyProfile(profile, [certificate('CERT-A')], { now, province: '35' })!;
    expect(change.profile).toEqual({ ...profile, certifiedSkills: [{ skill: '叉车操作', certificateNo: 'CERT-A' }], updatedAt: now.toISOString() });
    expect(change.event).toMatchObject({ type: 'SeekerProfileUpdated', data: { workerId: 'worker:w' } });
  });

  it('changes nothing when the profile has these skills already (a redelivered certificate)', () => {
    const certified = { ...profile, certifiedSkills: [{ skill: '叉车操作', certificateNo: 'CERT-A' }] };
    expect(certifyProfile(certified, [certificate('CERT-A')], { now, province: '35' })).toBeUndefined();
  });

  it('never writes the updatedAt it read, so a PUT that read the profile before cannot overwrite it', () => {
    const same = certifyProfile({ ...profile, updatedAt: now.toISOString() }, [certificate('CERT-A')], { now, province: '35' })!;
    expect(same.profile.updatedAt).not.toBe(now.toISOString());
  });
});

describe('certifySkills()', () => {
  const issued: CertificateIssuedV1Data = { certificateNo: 'CERT-A', courseId: 'crs_1', orgId: 'org_1', ancestors: [], workerId: 'worker:w', kind: 'skills', skills: ['叉车操作'], issuedAt: '2026-12-01T00:00:00.000Z' };

  function ports(stored?: SeekerProfile) {
    const kept = new Map<string, SeekerCertificate>();
    const written: { profile: SeekerProfile; previous: SeekerProfile | undefined; event: Envelope }[] = [];
    let current = stored;
    const p: CertifyPorts = {
      seekers: {
        addCertificate: async (_workerId, held) => void kept.set(held.certificateNo, held),
        certificates: async () => [...kept.values()],
        getProfile: async () => current,
        putProfile: async (next, previous, event) => {
          written.push({ profile: next, previous, event });
          current = next;
        },
      },
      clock: { now: () => now },
      province: '35',
    };
    return { p, kept, written };
  }

  it('keeps the certificate of a worker without a profile for the profile they write later', async () => {
    const { p, kept, written } = ports();
    await certifySkills(issued, p);
    expect([...kept.values()]).toEqual([{ certificateNo: 'CERT-A', courseId: 'crs_1', kind: 'skills', skills: ['叉车操作'], issuedAt: issued.issuedAt }]);
    expect(written).toEqual([]);
  });

  it('certifies the skills on an existing profile, conditioned on the profile read, once however often it is delivered', async () => {
    const { p, written } = ports(profile);
    await certifySkills(issued, p);
    await certifySkills(issued, p);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ previous: profile, profile: { skills: ['扫码枪'], certifiedSkills: [{ skill: '叉车操作', certificateNo: 'CERT-A' }] } });
  });
});
