/**
 * The consent a worker gives at join, and its version: the version goes with the join
 * (`consent.version`), so a later change of wording is a new version and the record says which
 * text each member accepted.
 */
export const CONSENT_VERSION = '2026-01';

export const CONSENT_TEXT = [
  '工会收集您的姓名、手机号、身份证号、职业、平台和所在区域，仅用于办理入会、会员服务和统计。',
  '身份证号和手机号加密保存，工作人员只能看到打码后的信息；每次查看都记入审计日志。',
  '您可以随时退会，或申请删除个人信息；删除后只保留不含个人信息的统计数。',
];

export const SHARE_TEXT = '同意工会告知我所在的平台我是工会会员（可随时撤回）。不同意时，平台看不到您的会员身份。';
