import { z } from 'zod';
import type { FieldError } from '../errors.js';
import { codePointLength, hasUnsafeCharacters, UNSAFE_TEXT_MESSAGE } from '../text.js';

/**
 * The longest path parameter any route takes. Ids we mint are under 40 characters and partner
 * rider ids at most 64; the bound keeps a client's value far from DynamoDB's 2,048-byte key limit
 * (a longer key is a `ValidationException`, which would surface as a 500).
 */
export const MAX_PATH_PARAMETER_LENGTH = 128;

/**
 * Parameters that carry a signed token rather than an id (a join link's `{token}` holds its
 * claims and signature): longer, and never used as a key before their signature is checked.
 */
const LONGER_PARAMETERS: Readonly<Record<string, number>> = { token: 2048 };

/**
 * What every path parameter of every route must be before the route's own schema reads it:
 * 1-128 code points without control, bidi or invisible formatting characters. The shared
 * handler runs this on each parameter, so a new route gets the bound without asking for it.
 * Returns one error per bad parameter, at `path.<name>`.
 */
export function pathParameterErrors(parameters: Record<string, string | undefined> | null | undefined): FieldError[] {
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(parameters ?? {})) {
    const at = `path.${name}`;
    const max = LONGER_PARAMETERS[name] ?? MAX_PATH_PARAMETER_LENGTH;
    if (value === undefined || value.length === 0) {
      errors.push({ path: at, message: 'is required' });
    } else if (value.length > max * 2 || codePointLength(value) > max) {
      // A UTF-16 length over twice the bound is over it in code points too: no need to count.
      errors.push({ path: at, message: `must be at most ${max} characters` });
    } else if (hasUnsafeCharacters(value)) {
      errors.push({ path: at, message: UNSAFE_TEXT_MESSAGE });
    }
  }
  return errors;
}

/**
 * An integer path parameter (`{seq}`, `{year}`) written the one canonical way: decimal digits
 * without sign, leading zeros, exponent, fraction or spaces, so `01`, `1.0`, `1e0`, ` 1` and `0x1`
 * are refused rather than read as 1 (two spellings of one chunk must not be two requests that
 * look different in logs and idempotency keys but write the same item). Parses to a number.
 *
 * @example
 * params: z.strictObject({ seq: canonicalIntegerParam({ min: 1, max: 100_000 }) })
 */
export function canonicalIntegerParam({ min, max }: { min: number; max: number }) {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || min > max) throw new Error('Bounds are safe integers, 0 <= min <= max');
  // No more digits than `max` has, so the pattern alone bounds the text.
  const digits = String(max).length;
  return z
    .string()
    .regex(new RegExp(`^(0|[1-9][0-9]{0,${digits - 1}})$`), 'must be a whole number written in plain digits without leading zeros, e.g. 1')
    .meta({ description: `An integer from ${min} to ${max}, in plain digits` })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}
