import { byId } from '../common/dom.js';

/** Tells staff what happened (an action done, or a problem the API answered), read out as an alert. */
export const say = (text: string) => (byId('message').textContent = text);
