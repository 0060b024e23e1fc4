import { z } from 'zod';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The GB 11643 check character for the first 17 digits of a resident ID number. */
export function idNumberCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/**
 * Whether `id` is a well-formed 18-character resident ID number (居民身份证号码, GB 11643):
 * a region code, a real birth date between 1900-01-01 and `today`, a sequence number and
 * the check character (upper-case X).
 */
export function isValidIdNumber(id: string, today = new Date()): boolean {
  const match = /^([1-9]\d{5})(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/.exec(id);
  if (!match) return false;
  const [year, month, day] = [Number(match[2]), Number(match[3]), Number(match[4])];
  const birth = new Date(Date.UTC(year, month - 1, day));
  const realDate = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!realDate || year < 1900 || birth.getTime() > today.getTime()) return false;
  return idNumberCheckCharacter(id.slice(0, 17)) === id[17];
}

/** A resident ID number as clients send it: trimmed, `x` accepted for `X`. */
export const IdNumberSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((id) => isValidIdNumber(id), 'must be an 18-character resident ID number with a valid birth date and GB 11643 check character');
