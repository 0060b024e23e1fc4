import { randomUUID } from 'node:crypto';

/** A random id with a readable prefix, e.g. `org_4f1c…`. */
export const newId = (prefix: string): string => `${prefix}_${randomUUID().replaceAll('-', '')}`;

/** The `Ids` port of use cases, backed by random UUIDs. */
export const randomIds = { next: newId };
