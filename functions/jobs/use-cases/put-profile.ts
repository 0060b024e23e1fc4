import type { Clock, Ids } from '../../../shared/ports.js';
import { planProfile, type SeekerInput, type SeekerProfile } from '../domain/seeker.js';
import type { SeekerRepository } from '../seeker-repository.js';

export interface PutProfilePorts {
  seekers: Pick<SeekerRepository, 'getProfile' | 'putProfile' | 'certificates'>;
  clock: Clock;
  ids: Ids;
  province: string;
}

/**
 * A worker writes their job-seeker profile (the whole of it).
 *
 * 1. Load the current profile, if any: its pseudonym salt stays, so employers' lists keep the
 *    same seeker ids.
 * 2. Read the worker's course certificates: the skills they vouch for stay on the profile
 *    whatever the PUT says (they are not the worker's to declare).
 * 3. Decide with `planProfile`: every region lies in the province.
 * 4. Write the profile, its matcher index items (trade × city) and `SeekerProfileUpdated` in one
 *    transaction conditioned on the profile read; the matcher then ranks jobs for it.
 */
export async function putProfile(input: SeekerInput, workerId: string, ports: PutProfilePorts): Promise<SeekerProfile> {
  const previous = await ports.seekers.getProfile(workerId);
  const certificates = await ports.seekers.certificates(workerId);
  const { profile, event } = planProfile(input, { workerId, previous, certificates, salt: ports.ids.next('salt'), now: ports.clock.now(), province: ports.province });
  await ports.seekers.putProfile(profile, previous, event);
  return profile;
}
