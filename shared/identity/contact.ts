/**
 * The text whose blind index (the vault's MAC, purpose `contact`) stands for a person's name
 * and mobile together: the rosters service computes it from a roster row, the membership service
 * from a joiner's name and verified mobile, and only equal pairs give equal indexes.
 *
 * @example
 * const contactIndex = await vault.mac('contact', contactText(row.name, row.mobile));
 */
export const contactText = (name: string, mobile: string): string => `${name.trim()}\u0000${mobile.trim()}`;
