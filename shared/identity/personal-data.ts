import { z } from 'zod';

/** What `findPersonalData` recognises in free text. */
export type PersonalDataKind = 'id_number' | 'mobile';

/**
 * An 18-character resident ID number by shape: region code, a birth date in 1900-2099 and a
 * sequence with its check character. The check character is not verified on purpose: a
 * mistyped number is still somebody's number.
 */
const ID_NUMBER = /(?<![\dXx])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dXx])/;
/** A mainland mobile, optionally after +86 / 0086, never inside a longer run of digits. */
const MOBILE = /(?<!\d)(?:\+?86|0086)?1[3-9]\d{9}(?!\d)/;
/** Spaces, dashes, dots and the like that people put between groups of digits. */
const DIGIT_SEPARATORS = /(?<=\d)[\s\-–—.·_/]+(?=[\dXx])/g;

/**
 * The kinds of personal data `text` contains: resident ID numbers and mobile numbers, also
 * when written with full-width digits (NFKC) or split into groups (`138 0000 0000`,
 * `138-0000-0000`). Free text a worker writes for donors (a wish's description, a thank-you)
 * must contain neither.
 *
 * @example
 * findPersonalData('电饭煲一个，联系 138-0000-0000'); // ['mobile']
 * findPersonalData('想要一台风扇'); // []
 */
export function findPersonalData(text: string): PersonalDataKind[] {
  const normalized = text.normalize('NFKC');
  const variants = [normalized, normalized.replace(DIGIT_SEPARATORS, '')];
  const found: PersonalDataKind[] = [];
  if (variants.some((variant) => ID_NUMBER.test(variant))) found.push('id_number');
  // An ID number's digits can look like a mobile inside it, but never standalone (lookarounds).
  if (variants.some((variant) => MOBILE.test(variant))) found.push('mobile');
  return found;
}

/**
 * Free text that others will read: trimmed, `min`-`max` characters, refused (naming the field,
 * as every zod issue does) when it contains an ID number or a mobile.
 *
 * @example
 * body: z.strictObject({ description: FreeTextSchema(1, 500) })
 */
export const FreeTextSchema = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((text) => findPersonalData(text).length === 0, 'must not contain an ID number or a mobile number');
