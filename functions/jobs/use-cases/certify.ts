import type { CertificateIssuedV1Data } from '../../../events/certificate-issued.v1.js';
import type { Clock } from '../../../shared/ports.js';
import { certifyProfile } from '../domain/seeker.js';
import type { SeekerRepository } from '../seeker-repository.js';

export interface CertifyPorts {
  seekers: Pick<SeekerRepository, 'addCertificate' | 'certificates' | 'getProfile' | 'putProfile'>;
  clock: Clock;
  province: string;
}

/**
 * A member was issued a course certificate (CertificateIssued): a skills course's skills become
 * certified on their job-seeker profile, and matching weighs them.
 *
 * 1. Keep the certificate under the worker, keyed by its number (a redelivery writes the same
 *    item), so a profile the worker writes later carries it too.
 * 2. Without a profile there is nothing more to do now.
 * 3. Decide with `certifyProfile` from every certificate kept: nothing changes when the profile
 *    has these skills already (a redelivery).
 * 4. Write the profile, its matcher index items and `SeekerProfileUpdated` in one transaction
 *    conditioned on the profile read (the matcher then ranks jobs with the certified skills). A
 *    PUT of the profile landing in between fails the condition; the message is then delivered
 *    again and reads the profile anew.
 */
export async function certifySkills(data: CertificateIssuedV1Data, ports: CertifyPorts): Promise<void> {
  await ports.seekers.addCertificate(data.workerId, { certificateNo: data.certificateNo, courseId: data.courseId, kind: data.kind, skills: data.skills, issuedAt: data.issuedAt });
  const profile = await ports.seekers.getProfile(data.workerId);
  if (!profile) return;
  const change = certifyProfile(profile, await ports.seekers.certificates(data.workerId), { now: ports.clock.now(), province: ports.province });
  if (change) await ports.seekers.putProfile(change.profile, profile, change.event);
}
