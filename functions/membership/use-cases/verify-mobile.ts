import type { Caller } from '../../../shared/auth/caller.js';
import { ConcurrentChangeError } from '../../../shared/dynamo.js';
import { SmsRecipientRefusedError, TooManyRequestsError } from '../../../shared/errors.js';
import { checkCode, checkResend, codeMessage, mobileCannotReceiveSms, newVerification, RESEND_AFTER_SECONDS, type VerificationUse } from '../domain/verification.js';
import type { MembershipPorts } from './ports.js';

/**
 * Sends a one-time code to the mobile a worker will join with.
 *
 * 1. Blind-index the worker and the mobile; refuse (429 with Retry-After) while a code sent
 *    to either moments ago still blocks a resend.
 * 2. Draw a 6-digit code and keep only its keyed hash, bound to the verification id.
 * 3. Store the verification and move both resend guards on in one transaction (a race to
 *    resend loses there, also as 429).
 * 4. Send the SMS, the verification id as its idempotency key. The code is never logged or
 *    returned. When it cannot be sent, withdraw the verification and the guards it moved, so a
 *    failed send leaves nothing behind (nor a wait for a code that never came), and answer 400
 *    naming `body.mobile` if the SMS service refused the number, else the sender's error (503).
 */
export async function requestMobileVerification(
  input: { mobile: string },
  caller: Pick<Caller, 'principalId'>,
  ports: Pick<MembershipPorts, 'memberships' | 'vault' | 'clock' | 'ids' | 'codes' | 'sms'>,
): Promise<{ verificationId: string; expiresAt: string }> {
  const now = ports.clock.now();
  const ownerIndex = await ports.vault.mac('worker', caller.principalId);
  const mobileIndex = await ports.vault.mac('mobile', input.mobile);
  checkResend(await ports.memberships.resendGuards([ownerIndex, mobileIndex]), now);

  const id = ports.ids.next('ver');
  const code = ports.codes.next();
  const { verification, guards } = newVerification({ id, ownerIndex, mobileIndex, codeHash: await ports.vault.mac('sms-code', `${id}\u0000${code}`) }, now);
  try {
    await ports.memberships.createVerification(verification, guards, now);
  } catch (error) {
    if (error instanceof ConcurrentChangeError) throw new TooManyRequestsError('A code was sent moments ago; wait before asking for another', RESEND_AFTER_SECONDS);
    throw error;
  }
  try {
    await ports.sms.send(input.mobile, codeMessage(code), id);
  } catch (error) {
    // Should the undo fail too, the answer is still the send's: what is left is a code nobody
    // received and guards that lapse within RESEND_AFTER_SECONDS.
    await ports.memberships.withdrawVerification(verification, guards).catch(() => undefined);
    throw error instanceof SmsRecipientRefusedError ? mobileCannotReceiveSms() : error;
  }
  return { verificationId: id, expiresAt: verification.validUntil };
}

/**
 * Checks the code of a verification for the mobile it names, and returns the use to commit.
 *
 * 1. Load the verification; `checkCode` says whether it is this worker's, alive, for this
 *    mobile and the code matches.
 * 2. A wrong code costs a try (recorded on the condition that the tries are as read) and is a
 *    400 naming the code.
 * 3. A right one is returned as a use, for the caller to commit with what it proves.
 */
export async function checkMobileCode(
  input: { verificationId: string; code: string; mobile: string },
  workerIndex: string,
  ports: Pick<MembershipPorts, 'memberships' | 'vault'>,
  now: Date,
): Promise<VerificationUse> {
  const { memberships, vault } = ports;
  const verification = await memberships.getVerification(input.verificationId);
  const check = checkCode(
    verification,
    { ownerIndex: workerIndex, mobileIndex: await vault.mac('mobile', input.mobile), codeHash: await vault.mac('sms-code', `${input.verificationId}\u0000${input.code}`) },
    now,
  );
  if (check.outcome === 'wrong') {
    await memberships.recordWrongCode(input.verificationId, verification!.tries);
    throw check.error;
  }
  return { id: input.verificationId, triesRead: verification!.tries, usedAt: now.toISOString() };
}

/**
 * Proves that the caller holds a mobile, outside a join: the local dev sign-in signs a worker in
 * with it, as a province's identity provider would sign them in by SMS.
 *
 * 1. Check the code (`checkMobileCode`: a wrong one costs a try).
 * 2. Use the verification up: a code proves a mobile once, here as at join.
 */
export async function proveMobile(
  input: { verificationId: string; code: string; mobile: string },
  caller: Pick<Caller, 'principalId'>,
  ports: Pick<MembershipPorts, 'memberships' | 'vault' | 'clock'>,
): Promise<void> {
  const use = await checkMobileCode(input, await ports.vault.mac('worker', caller.principalId), ports, ports.clock.now());
  await ports.memberships.useVerification(use);
}
