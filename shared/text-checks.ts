/**
 * The checks behind every name schema (`nameSchema` in `shared/text.ts`), without zod, so the
 * web pages check names as people type with the same rules.
 */

/**
 * Characters a name shown to other people must not carry, because they are invisible or change
 * how the text around them is displayed (a name with U+202E shows reversed in a staff list, a
 * zero-width space makes two names look alike, a NUL or newline breaks exports and logs):
 * - C0 and C1 controls and DEL (`\p{Cc}`), line and paragraph separators (`\p{Zl}`, `\p{Zp}`);
 * - format characters (`\p{Cf}`): bidi embeddings, overrides and isolates (U+202A-U+202E,
 *   U+2066-U+2069), marks (U+200E, U+200F, U+061C), zero-width space, (non-)joiners, word
 *   joiner, soft hyphen, BOM, tag characters; except U+180E, the Mongolian vowel separator,
 *   which traditional Mongolian script needs inside words;
 * - lone surrogates (`\p{Cs}`), which JSON can carry but no text can display;
 * - Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), letters that render as nothing and are the
 *   usual way to make a name look blank.
 * Private-use and not-yet-assigned code points stay allowed: rare characters in Chinese names
 * (生僻字) are still written with them in some systems.
 */
const UNSAFE = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]|(?!\u180E)\p{Cf}/u;

/** Whether `text` holds a control, bidi, invisible formatting or filler character (see above). */
export const hasUnsafeCharacters = (text: string): boolean => UNSAFE.test(text);

export const UNSAFE_TEXT_MESSAGE = 'must not contain control, bidirectional or invisible formatting characters';

/** Length in Unicode code points, so `𠮷` counts once (a UTF-16 `length` would count it twice). */
export const codePointLength = (text: string): number => {
  let length = 0;
  for (const _ of text) length++;
  return length;
};

