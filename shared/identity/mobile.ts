import { z } from 'zod';
import { nameSchema } from '../text.js';
import { MOBILE_PATTERN, PERSON_NAME_LENGTH } from './checks.js';

/**
 * A mainland China mobile number: 11 digits, `1` then `3`-`9` (api.md, Conventions). Surrounding
 * spaces are trimmed; the parsed value is the bare number.
 *
 * @example
 * MobileSchema.parse('13800000000'); // '13800000000'
 */
export const MobileSchema = z
  .string()
  .trim()
  .regex(MOBILE_PATTERN, 'must be an 11-digit mainland mobile number starting with 13-19');

/**
 * A person's name: trimmed, then 2-30 characters counted as Unicode code points, so a character
 * outside the BMP such as `𠮷` counts once (a UTF-16 `length` would count it twice), and no
 * control, bidi or invisible formatting character (see `shared/text.ts`).
 *
 * @example
 * PersonNameSchema.parse(' 欧阳娜娜 '); // '欧阳娜娜'
 */
export const PersonNameSchema = nameSchema(PERSON_NAME_LENGTH);
