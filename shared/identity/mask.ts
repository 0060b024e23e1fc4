/**
 * Masking for responses that do not need whole personal fields (api.md, Conventions). All
 * three work on code points, so a name with characters outside the BMP masks correctly.
 */

/** `张三` → `张*`, `王小明` → `王**`, `欧阳娜娜` → `欧阳**` (compound surnames keep two). */
export function maskName(name: string): string {
  const chars = [...name];
  const keep = chars.length >= 4 ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(Math.max(chars.length - keep, 1));
}

/** `13800000000` → `138****0000`. */
export const maskMobile = (mobile: string): string => `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;

/** `350203199001011234` → `3502**********1234`. */
export const maskIdNumber = (idNumber: string): string => `${idNumber.slice(0, 4)}${'*'.repeat(10)}${idNumber.slice(-4)}`;
