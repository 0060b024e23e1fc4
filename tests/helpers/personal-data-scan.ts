import { isValidIdNumber } from '../../shared/identity/id-number.js';
import { maskIdNumber, maskMobile } from '../../shared/identity/mask.js';

/** The names the tests give people (workers, riders): fictional, and never to be found in plain text where the suite looks. */
export const TEST_PEOPLE_NAMES = ['林小东', '林大东', '骑手甲', '张三', '李四', '赵六', '张伟', '吴霞', '黄志强', '陈小北', '郑美玲', '郑美丽', '欧阳娜娜', '司马相如'];

const ID_NUMBER = /(?<![0-9A-Za-z])[1-9]\d{16}[\dX](?![0-9A-Za-z])/g;
const MOBILE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g;

/**
 * What in `text` is a person's data in plain form: ID numbers (valid check digit), unmasked
 * mainland mobiles and the test people's names; each reported masked, so a failure does not
 * print what it found.
 */
export function plainPersonalData(text: string): string[] {
  const found: string[] = [];
  for (const [id] of text.matchAll(ID_NUMBER)) if (isValidIdNumber(id)) found.push(`ID number ${maskIdNumber(id)}`);
  for (const [mobile] of text.matchAll(MOBILE)) found.push(`mobile ${maskMobile(mobile)}`);
  for (const name of TEST_PEOPLE_NAMES) if (text.includes(name)) found.push(`name ${name[0]}*`);
  return found;
}
