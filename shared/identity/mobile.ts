import { z } from 'zod';

/** A mainland China mobile number. */
export const MobileSchema = z.string().trim().regex(/^1[3-9]\d{9}$/, 'must be an 11-digit mainland mobile number');

/** A person's name, 2-30 characters counted as code points (so 𠮷 is one). */
export const PersonNameSchema = z
  .string()
  .trim()
  .refine((name) => {
    const length = [...name].length;
    return length >= 2 && length <= 30;
  }, 'must be 2-30 characters');
