import { defineEvent, type EventData } from './envelope.js';
import { WishTransitionSchema } from './wish-transition.js';

/** A member submitted a wish to a campaign; it waits for review. Published by the wishes service. */
export const WishSubmittedV1 = defineEvent('WishSubmitted', 1, WishTransitionSchema);

export type WishSubmittedV1Data = EventData<typeof WishSubmittedV1>;
