import { defineEvent, type EventData } from './envelope.js';
import { WishTransitionSchema } from './wish-transition.js';

/** Staff approved a wish: it is in the anonymized pool for donors. Published by the wishes service. */
export const WishOpenedV1 = defineEvent('WishOpened', 1, WishTransitionSchema);

export type WishOpenedV1Data = EventData<typeof WishOpenedV1>;
