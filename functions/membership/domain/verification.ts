import { timingSafeEqualText } from '../../../shared/crypto/compare.js';
import { InvalidInputError, TooManyRequestsError } from '../../../shared/errors.js';
import type { SmsMessage } from '../../../shared/sms.js';

/** A code is valid this long after it was sent. */
export const CODE_VALID_SECONDS = 5 * 60;
/** Wrong codes a verification takes before it is dead. */
export const MAX_CODE_TRIES = 5;
/** A new code for the same worker or the same mobile only after this long. */
export const RESEND_AFTER_SECONDS = 60;

/**
 * A one-time SMS code sent to a mobile for a worker. Nothing in it is personal data in plain
 * text: the mobile and the worker are blind indexes, the code a keyed hash bound to the id.
 */
export interface Verification {
  id: string;
  /** Blind index of the worker account that asked for it: nobody else can use it. */
  ownerIndex: string;
  /** Blind index of the mobile the code went to. */
  mobileIndex: string;
  /** Keyed hash of the code with the verification id. */
  codeHash: string;
  /** Wrong codes tried so far. */
  tries: number;
  validUntil: string;
  /** Set when a join used it: a code proves a mobile once. */
  usedAt?: string;
  createdAt: string;
}

/** A verification a correct code uses up, as read: committed only if its tries have not moved since. */
export interface VerificationUse {
  id: string;
  triesRead: number;
  usedAt: string;
}

/** When the next code may go to a worker or a mobile: one guard each, kept by blind index. */
export interface ResendGuard {
  index: string;
  nextAt: string;
}

/** A 6-digit code, leading zeros kept, from a uniform integer in [0, 10^6). */
export const formatCode = (n: number): string => String(n).padStart(6, '0');

/** The message a verification sends: the code and how long it is valid, never anything else personal. */
export function codeMessage(code: string): SmsMessage {
  const minutes = String(CODE_VALID_SECONDS / 60);
  return { template: 'verification-code', params: { code, minutes }, text: `【工会服务】您的验证码是 ${code}，${minutes} 分钟内有效。请勿告诉他人。` };
}

/** The gateway would never deliver to the mobile: a new number, not a retry, helps. */
export const mobileCannotReceiveSms = () => InvalidInputError.field('body.mobile', 'cannot receive SMS: the SMS service refused it');

/** Refuses a new code while any guard (the worker's or the mobile's) still holds, saying how long to wait. */
export function checkResend(guards: readonly (ResendGuard | undefined)[], now: Date): void {
  const waits = guards.map((guard) => (guard ? Date.parse(guard.nextAt) - now.getTime() : 0));
  const wait = Math.max(0, ...waits);
  if (wait > 0) throw new TooManyRequestsError('A code was sent moments ago; wait before asking for another', wait / 1000);
}

export function newVerification(input: { id: string; ownerIndex: string; mobileIndex: string; codeHash: string }, now: Date): { verification: Verification; guards: ResendGuard[] } {
  const nextAt = new Date(now.getTime() + RESEND_AFTER_SECONDS * 1000).toISOString();
  return {
    verification: { ...input, tries: 0, validUntil: new Date(now.getTime() + CODE_VALID_SECONDS * 1000).toISOString(), createdAt: now.toISOString() },
    guards: [input.ownerIndex, input.mobileIndex].map((index) => ({ index, nextAt })),
  };
}

const FIELD = 'body.mobileVerification';

/** The verification cannot prove anything any more: expired, used, out of tries, or not this worker's. */
export const verificationDead = () => InvalidInputError.field(`${FIELD}.verificationId`, 'is unknown, expired, used or out of tries; ask for a new code');

export type CodeCheck = { outcome: 'verified' } | { outcome: 'wrong'; error: InvalidInputError };

/**
 * Whether a join's `mobileVerification` proves the joiner's mobile.
 *
 * 1. The verification must exist, belong to this worker, be unexpired, unused and have tries
 *    left; otherwise it is dead (the same answer for each, so ids cannot be probed).
 * 2. It must have been sent to the mobile the join names.
 * 3. The code must match; a wrong code costs one try (the caller records it), and the fifth
 *    wrong one leaves the verification dead.
 */
export function checkCode(
  verification: Verification | undefined,
  claim: { ownerIndex: string; mobileIndex: string; codeHash: string },
  now: Date,
): CodeCheck {
  if (
    !verification ||
    !timingSafeEqualText(verification.ownerIndex, claim.ownerIndex) ||
    Date.parse(verification.validUntil) <= now.getTime() ||
    verification.usedAt !== undefined ||
    verification.tries >= MAX_CODE_TRIES
  ) {
    throw verificationDead();
  }
  if (!timingSafeEqualText(verification.mobileIndex, claim.mobileIndex)) {
    throw InvalidInputError.field('body.mobile', 'is not the mobile the code was sent to');
  }
  if (timingSafeEqualText(verification.codeHash, claim.codeHash)) return { outcome: 'verified' };
  const left = MAX_CODE_TRIES - verification.tries - 1;
  return {
    outcome: 'wrong',
    error: InvalidInputError.field(`${FIELD}.code`, left > 0 ? `is not the code we sent (${left} tries left)` : 'is not the code we sent; no tries left, ask for a new code'),
  };
}
