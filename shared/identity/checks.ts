/**
 * The rules of identity fields as plain functions and patterns, without zod: the schemas in
 * this folder are built on them, and the join page (web/join) checks with the same rules as the
 * worker types, in a bundle that must stay small.
 */

/** GB 11643 weights of the first 17 digits (2^(17-i) mod 11). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** The check character for each value of the weighted sum mod 11. */
const CHECK = '10X98765432';
/** Region code (not starting with 0), birth year, month, day, 3-digit sequence, check character. */
const SHAPE = /^([1-9]\d{5})(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/;
/** Birth dates are calendar dates in China (UTC+8, no daylight saving). */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * The GB 11643 check character for the first 17 digits of a resident ID number: the weighted
 * sum mod 11 indexes `10X98765432`.
 *
 * @example
 * idNumberCheckCharacter('11010519491231002'); // 'X'
 */
export function idNumberCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/**
 * Whether `id` is a well-formed 18-character resident ID number (居民身份证号码, GB 11643): a
 * 6-digit region code not starting with 0, a birth date `YYYYMMDD` that is a real calendar date
 * from 1900-01-01 to `today` (today's date in China), a 3-digit sequence number and the check
 * character. The check character must be an upper-case `X`; {@link IdNumberSchema} upper-cases
 * client input before it gets here.
 *
 * @example
 * isValidIdNumber('11010519491231002X'); // true
 * isValidIdNumber('11010519491231002x'); // false: normalize first
 */
export function isValidIdNumber(id: string, today: Date = new Date()): boolean {
  const match = SHAPE.exec(id);
  if (!match) return false;
  const [yyyy, mm, dd] = [match[2]!, match[3]!, match[4]!];
  const [year, month, day] = [Number(yyyy), Number(mm), Number(dd)];
  const birth = new Date(Date.UTC(year, month - 1, day));
  const isCalendarDate = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!isCalendarDate) return false;
  const birthDate = `${yyyy}${mm}${dd}`;
  const todayInChina = new Date(today.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
  if (birthDate < '19000101' || birthDate > todayInChina) return false;
  return idNumberCheckCharacter(id.slice(0, 17)) === id[17];
}

/** A mainland China mobile number: 11 digits, `1` then `3`-`9` (api.md, Conventions). */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/** A person's name is 2-30 characters, counted as code points (api.md, Conventions). */
export const PERSON_NAME_LENGTH = { min: 2, max: 30 } as const;
