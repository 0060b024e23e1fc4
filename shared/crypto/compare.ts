import { timingSafeEqual } from 'node:crypto';

/** Constant-time comparison of two texts (MACs, signatures). */
export function timingSafeEqualText(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}
