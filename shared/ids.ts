import { createHash, randomUUID } from 'node:crypto';

/** A random id with a readable prefix, e.g. `org_4f1c…`. */
export const newId = (prefix: string): string => `${prefix}_${randomUUID().replaceAll('-', '')}`;

/** The `Ids` port of use cases, backed by random UUIDs. */
export const randomIds = { next: newId };

/**
 * A UUID-shaped name for `text` (SHA-256, version 8 and variant bits set): the same text always
 * names the same thing, so work run again writes under the same key.
 */
export function nameUuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
