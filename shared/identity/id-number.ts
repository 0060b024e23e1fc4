import { z } from 'zod';
import { isValidIdNumber } from './checks.js';

export { idNumberCheckCharacter, isValidIdNumber } from './checks.js';

/**
 * A resident ID number as clients send it: trimmed and upper-cased (so `x` is accepted as `X`),
 * then checked by {@link isValidIdNumber}. The parsed value is the normalized number.
 *
 * @example
 * IdNumberSchema.parse(' 11010519491231002x '); // '11010519491231002X'
 */
export const IdNumberSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((id) => isValidIdNumber(id), 'must be an 18-character resident ID number with a valid birth date and GB 11643 check character');
