import { defineEvent, type EventData } from './envelope.js';
import { WishTransitionSchema } from './wish-transition.js';

/** Staff rejected a wish; the worker sees the reason (it is not in the event). Published by the wishes service. */
export const WishRejectedV1 = defineEvent('WishRejected', 1, WishTransitionSchema);

export type WishRejectedV1Data = EventData<typeof WishRejectedV1>;
