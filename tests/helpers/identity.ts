import { creditCodeCheckCharacter } from '../../shared/identity/credit-code.js';

/** A valid unified social credit code: category 9 (enterprise), Xiamen, and a serial from `seed`. */
export function validCreditCode(seed: number): string {
  const serial = String(seed).padStart(9, '0').slice(-9);
  const first17 = `913502${'00'}${serial}`;
  return first17 + creditCodeCheckCharacter(first17);
}
