import { isValidIdNumber, MOBILE_PATTERN, PERSON_NAME_LENGTH } from '../../shared/identity/checks.js';
import { codePointLength, hasUnsafeCharacters } from '../../shared/text-checks.js';

/**
 * The API's rules for the join form's fields, checked as the worker types with the same code
 * the API runs (shared/identity/checks.ts), in words a worker reads. The API checks again: its
 * answer is what counts, and its field errors are shown in the same places.
 */
export const RULES: Record<string, (value: string) => string | undefined> = {
  name(value) {
    const name = value.trim();
    const length = codePointLength(name);
    if (length < PERSON_NAME_LENGTH.min || length > PERSON_NAME_LENGTH.max) return `姓名应为 ${PERSON_NAME_LENGTH.min}-${PERSON_NAME_LENGTH.max} 个字`;
    if (hasUnsafeCharacters(name)) return '姓名含有不可见字符，请重新输入';
    return undefined;
  },
  mobile: (value) => (MOBILE_PATTERN.test(value.trim()) ? undefined : '请输入 11 位手机号'),
  code: (value) => (value === '' || /^\d{6}$/.test(value.trim()) ? undefined : '验证码是 6 位数字'),
  idNumber: (value) => (isValidIdNumber(value.trim().toUpperCase()) ? undefined : '身份证号不正确：应为 18 位，出生日期和校验位有效'),
  occupation: (value) => (value ? undefined : '请选择职业'),
  regionCode: (value) => (/^[1-9]\d{5}$/.test(value) ? undefined : '请选择所在区县'),
  consent: (value) => (value === 'true' ? undefined : '请阅读并同意后提交'),
};

/** The form field that shows an API error at `path` (`body.mobileVerification.code` → `code`). */
export function fieldOf(path: string): string | undefined {
  const [where, first, second] = path.split('.');
  if (where !== 'body' || !first) return undefined;
  if (first === 'mobileVerification') return 'code';
  if (first === 'consent') return second === 'shareWithPlatforms' ? 'share' : 'consent';
  return ['name', 'mobile', 'idNumber', 'occupation', 'platform', 'regionCode'].includes(first) ? first : undefined;
}
