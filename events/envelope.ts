import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * The versioned envelope every event travels in, from the outbox through the relay to a
 * consumer's queue. `id` is what consumers deduplicate on: SQS delivers at least once.
 */
export const EnvelopeSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
  province: z.string().regex(/^\d{2}$/),
  data: z.unknown(),
});

export type Envelope<TData = unknown> = Omit<z.infer<typeof EnvelopeSchema>, 'data'> & { data: TData };

/** A published event contract: its name, version and the schema of its `data`. */
export interface EventContract<TSchema extends z.ZodType, TType extends string = string> {
  type: TType;
  version: number;
  schema: TSchema;
}

/**
 * Declares a published event contract. A published version is never edited: a breaking
 * change is a new `...V2` contract beside it (and a test that v1 samples still parse).
 *
 * @example
 * export const OrgCreatedV1 = defineEvent('OrgCreated', 1, z.object({ orgId: z.string() }));
 * export type OrgCreatedV1Data = EventData<typeof OrgCreatedV1>;
 */
export const defineEvent = <const TType extends string, TSchema extends z.ZodType>(
  type: TType,
  version: number,
  schema: TSchema,
): EventContract<TSchema, TType> => Object.freeze({ type, version, schema });

/** The `data` of an event contract. */
export type EventData<C extends EventContract<z.ZodType>> = z.infer<C['schema']>;

/**
 * Wraps `data` in an envelope for `contract`.
 *
 * @example
 * const event = envelope(OrgCreatedV1, { orgId, ... }, { province: '35', now });
 */
export function envelope<TSchema extends z.ZodType>(
  contract: EventContract<TSchema>,
  data: z.infer<TSchema>,
  meta: { province: string; now: Date; id?: string },
): Envelope<z.infer<TSchema>> {
  return {
    id: meta.id ?? randomUUID(),
    type: contract.type,
    version: contract.version,
    occurredAt: meta.now.toISOString(),
    province: meta.province,
    data,
  };
}
