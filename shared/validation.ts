import { z } from 'zod';
import type { FieldError } from './errors.js';

/**
 * Flattens a zod error into field errors under `location` (`body`, `query`, `path`), one per
 * bad field; an unknown field is reported at its own path.
 */
export function fieldErrors(location: string, error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const at = [location, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: `${at}.${key}`, message: 'is not a known field' }));
    }
    return [{ path: at, message: issue.message }];
  });
}

/** GB/T 2260 administrative division code: 6 digits, not starting with 0. */
export const RegionCodeSchema = z.string().regex(/^[1-9]\d{5}$/, 'must be a 6-digit GB/T 2260 region code');

/** `?limit=&cursor=` as every list takes them. */
export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).optional(),
});
