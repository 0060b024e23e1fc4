import { createHash, randomBytes } from 'node:crypto';

/**
 * API keys are 256 random bits, so a plain SHA-256 is a safe one-way index: the key itself
 * is shown once and never stored.
 */
export const hashApiKey = (apiKey: string): string => createHash('sha256').update(apiKey, 'utf8').digest('hex');

export function issueApiKey(): { apiKey: string; keyHash: string } {
  const apiKey = `ugk_${randomBytes(32).toString('base64url')}`;
  return { apiKey, keyHash: hashApiKey(apiKey) };
}
