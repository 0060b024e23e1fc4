import { z } from 'zod';
import { codePointLength, hasUnsafeCharacters, UNSAFE_TEXT_MESSAGE } from './text-checks.js';

export { codePointLength, hasUnsafeCharacters, UNSAFE_TEXT_MESSAGE } from './text-checks.js';

/**
 * A name people read (a person, an org, an account, a station, a platform): trimmed, then
 * `min`-`max` characters counted as code points, and free of the characters
 * {@link hasUnsafeCharacters} refuses. Every schema that takes a name is made with this.
 *
 * @example
 * const OrgNameSchema = nameSchema({ min: 2, max: 60 });
 * OrgNameSchema.parse(' 思明区总工会 '); // '思明区总工会'
 * OrgNameSchema.safeParse('思明\u202E会工').success; // false
 */
export function nameSchema({ min, max }: { min: number; max: number }) {
  return z
    .string()
    .trim()
    .refine((name) => {
      const length = codePointLength(name);
      return length >= min && length <= max;
    }, `must be ${min}-${max} characters`)
    .refine((name) => !hasUnsafeCharacters(name), UNSAFE_TEXT_MESSAGE)
    // JSON Schema counts string length in code points too, so the document states the same bounds.
    .meta({ minLength: min, maxLength: max, description: 'No control, bidi or invisible formatting characters' });
}
