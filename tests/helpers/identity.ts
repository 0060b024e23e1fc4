import { creditCodeCheckCharacter } from '../../shared/identity/credit-code.js';
import { idNumberCheckCharacter } from '../../shared/identity/id-number.js';

/** A valid unified social credit code: category 9 (enterprise), Xiamen, and a serial from `seed`. */
export function validCreditCode(seed: number): string {
  const serial = String(seed).padStart(9, '0').slice(-9);
  const first17 = `913502${'00'}${serial}`;
  return first17 + creditCodeCheckCharacter(first17);
}

/** A valid resident ID number of someone born in Xiamen's 思明区 in 1990, sequence from `seed`. */
export function validIdNumber(seed: number): string {
  const day = String((seed % 28) + 1).padStart(2, '0');
  const sequence = String(seed % 1000).padStart(3, '0');
  const first17 = `35020319900${(seed % 9) + 1}${day}${sequence}`;
  return first17 + idNumberCheckCharacter(first17);
}

/** A valid mainland mobile number from `seed`. */
export const validMobile = (seed: number): string => `138${String(seed).padStart(8, '0').slice(-8)}`;

/** A valid partner roster row for rider `r-<n>` (a fictional person), with any field overridden. */
export const rosterRow = (n: number, overrides: Record<string, unknown> = {}) => ({
  riderId: `r-${n}`,
  name: '骑手甲',
  mobile: validMobile(n),
  idNumber: validIdNumber(n),
  regionCode: '350203',
  occupation: 'food_delivery',
  station: '莲前站',
  status: 'active',
  ...overrides,
});
