/**
 * The significant prefix of a GB/T 2260 code: `350000` → `35` (province), `350200` → `3502`
 * (city), `350203` → `350203` (district). A code lies within another when it starts with
 * the other's prefix.
 */
export function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export const isWithinRegion = (code: string, area: string): boolean => code.startsWith(regionPrefix(area));
