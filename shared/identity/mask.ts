/**
 * Masking for responses that do not need whole personal fields (api.md, Conventions). All three
 * count code points, so characters outside the BMP mask as one character each; the result has
 * as many code points as the input, and never shows the whole input, whatever its shape.
 */

/**
 * Keeps `head` code points at the start and `tail` at the end and stars the rest, provided that
 * at least `minHidden` are starred; a value too short for that is starred entirely.
 */
function maskMiddle(value: string, head: number, tail: number, minHidden: number): string {
  const chars = [...value];
  const hidden = chars.length - head - tail;
  if (hidden < minHidden) return '*'.repeat(chars.length);
  return chars.slice(0, head).join('') + '*'.repeat(hidden) + chars.slice(chars.length - tail).join('');
}

/**
 * A name with its first code point kept, or its first two when it has four or more (a compound
 * surname such as 欧阳), and every other code point starred. A one-character name is starred
 * entirely.
 *
 * @example
 * maskName('张三'); // '张*'
 * maskName('王小明'); // '王**'
 * maskName('欧阳娜娜'); // '欧阳**'
 */
export function maskName(name: string): string {
  const length = [...name].length;
  return maskMiddle(name, length >= 4 ? 2 : 1, 0, 1);
}

/**
 * A mobile number with its first 3 and last 4 digits kept.
 *
 * @example
 * maskMobile('13800000000'); // '138****0000'
 */
export const maskMobile = (mobile: string): string => maskMiddle(mobile, 3, 4, 4);

/**
 * A resident ID number with its first 4 (province and city) and last 4 characters kept.
 *
 * @example
 * maskIdNumber('350203199001011234'); // '3502**********1234'
 */
export const maskIdNumber = (idNumber: string): string => maskMiddle(idNumber, 4, 4, 10);
