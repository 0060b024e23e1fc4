import { businessMetrics } from '../../../shared/metrics.js';
import type { Caller } from '../../../shared/auth/caller.js';
import { joinSourceOf, verifyJoinLink } from '../../../shared/crypto/join-link.js';
import { ConcurrentChangeError, TransactionConflictError } from '../../../shared/dynamo.js';
import { contactText } from '../../../shared/identity/contact.js';
import { maskIdNumber, maskMobile, maskName } from '../../../shared/identity/mask.js';
import type { Occupation } from '../../../shared/occupations.js';
import { withRetries } from '../../../shared/retry.js';
import { coverageChanges, matchingPlatforms } from '../domain/coverage.js';
import { checkProbing, FAILED_JOINS_PER_PAIR, FAILED_JOINS_PER_WORKER, probeDay, secondsToNextDay } from '../domain/join-limits.js';
import { AlreadyMemberError, exposureOf, join as decideJoin, platformOf, type Membership } from '../domain/membership.js';
import type { VerificationUse } from '../domain/verification.js';
import { MemberNoRaceError } from '../repository.js';
import type { MembershipPorts } from './ports.js';
import { checkMobileCode } from './verify-mobile.js';

export interface JoinRequest {
  joinToken: string;
  name: string;
  mobile: string;
  idNumber: string;
  occupation: Occupation;
  platform?: string;
  regionCode: string;
  consent: { version: string; accepted: true; shareWithPlatforms?: boolean };
  mobileVerification?: { verificationId: string; code: string };
}

/**
 * A worker joins the org of a scanned join link.
 *
 * 1. Verify the link's signature and expiry; the org comes from the signed link, not from a
 *    copy of the org tree, so a link for an org created a moment ago works at once.
 * 2. Refuse (429) a worker, or a pair of ID number and worker, that has been refused too often
 *    today; never the ID number alone, which would let anyone lock its owner out.
 * 3. With `mobileVerification`, check the SMS code (a wrong one costs a try and is a 400).
 * 4. Match the person's roster rows by ID number and, with a verified mobile, by name and
 *    mobile too: only a full match activates at once.
 * 5. Seal the person: a blind index of the ID number, the rest envelope-encrypted under the
 *    membership id, masked copies for lists.
 * 6. Decide (`join`) and commit in ONE transaction: the guards of one live membership per
 *    person and per account, the link not revoked, the verification used once, the member
 *    number when active, the roster rows' re-announcement and the events. A lost race for
 *    the member number or a roster row is retried, a bounded number of times.
 * 7. A 409 counts as a refused join for step 2.
 * 8. Count the join, and the activation when it is active at once.
 */
export async function join(input: JoinRequest, caller: Pick<Caller, 'principalId'>, ports: MembershipPorts): Promise<Membership> {
  const { memberships, vault } = ports;
  const now = ports.clock.now();
  const claims = await verifyJoinLink(input.joinToken, ports.joinLinks, now);

  const blindIndex = await vault.mac('id-number', input.idNumber);
  const workerIndex = await vault.mac('worker', caller.principalId);
  const counters = [
    { index: workerIndex, limit: FAILED_JOINS_PER_WORKER },
    { index: await vault.mac('join-probe', `${blindIndex}\u0000${caller.principalId}`), limit: FAILED_JOINS_PER_PAIR },
  ];
  const day = probeDay(now);
  const failures = await memberships.probeFailures(counters.map((counter) => counter.index), day);
  checkProbing(counters.map((counter, i) => ({ counter, failures: failures[i] ?? 0 })), now);

  let contactIndex: string | undefined;
  let used: VerificationUse | undefined;
  if (input.mobileVerification) {
    used = await checkMobileCode({ ...input.mobileVerification, mobile: input.mobile }, workerIndex, ports, now);
    contactIndex = await vault.mac('contact', contactText(input.name, input.mobile));
  }

  const id = ports.ids.next('mem');
  const person = {
    blindIndex,
    ciphertext: await vault.encrypt(JSON.stringify({ name: input.name, mobile: input.mobile, idNumber: input.idNumber }), { membershipId: id }),
  };
  const platform = platformOf(input.platform, ports.platforms);
  const year = now.getUTCFullYear();

  try {
    const joined = await withRetries(
      async () => {
        const rows = await memberships.rosteredRows(blindIndex);
        const rosteredOn = matchingPlatforms(rows, contactIndex);
        const nextMemberSeq = rosteredOn.length > 0 ? (await memberships.memberNoSeq(year)) + 1 : 0;
        const { membership, event } = decideJoin(
          {
            occupation: input.occupation,
            ...(platform ? { platform } : {}),
            rosteredOn,
            regionCode: input.regionCode,
            consent: input.consent,
            masked: { name: maskName(input.name), mobile: maskMobile(input.mobile), idNumber: maskIdNumber(input.idNumber) },
          },
          {
            id,
            workerId: caller.principalId,
            org: { id: claims.orgId, name: claims.orgName, ancestors: claims.ancestors },
            joinSource: joinSourceOf(claims),
            province: ports.province,
            now,
            nextMemberSeq,
          },
        );
        const coverage = coverageChanges(rows, exposureOf(undefined), exposureOf(membership), { province: ports.province, now });
        await memberships.create({
          membership,
          person,
          events: [event, ...coverage.events],
          linkId: claims.linkId,
          ...(membership.status === 'active' ? { memberNo: { year, seq: nextMemberSeq } } : {}),
          ...(used ? { verification: used } : {}),
          coverage: coverage.writes,
        });
        return membership;
      },
      // Every loser of a race for a number retries; a few dozen simultaneous activations still finish.
      { times: 50, isRetryable: (error) => error instanceof MemberNoRaceError || error instanceof ConcurrentChangeError || error instanceof TransactionConflictError },
    );
    ports.metrics.count(businessMetrics.memberJoined);
    if (joined.status === 'active') ports.metrics.count(businessMetrics.memberActivated);
    return joined;
  } catch (error) {
    if (error instanceof AlreadyMemberError) await memberships.recordFailedJoin(counters, day, Math.floor(now.getTime() / 1000 + secondsToNextDay(now)));
    throw error;
  }
}
