import type { TestProvince } from './province.js';

/**
 * Proves a mobile as a worker would: asks for a code, reads it from the local SMS outbox
 * (`GET /local/sms`) and returns the `mobileVerification` a join takes.
 */
export async function verifiedMobile(province: TestProvince, workerToken: string, mobile: string): Promise<{ verificationId: string; code: string }> {
  const sent = await province.request('POST', '/v1/verifications/mobile', { body: { mobile }, headers: { authorization: `Bearer ${workerToken}` } });
  if (sent.status !== 202) throw new Error(`Verification refused with ${sent.status}: ${JSON.stringify(sent.body)}`);
  return { verificationId: sent.body.verificationId, code: await lastCode(province, mobile) };
}

/** The code of the newest SMS the local runtime sent to `mobile`. */
export async function lastCode(province: TestProvince, mobile: string): Promise<string> {
  const outbox = await province.request('GET', `/local/sms?mobile=${mobile}`);
  const code = /\b(\d{6})\b/.exec(outbox.body.items[0]?.text ?? '')?.[1];
  if (!code) throw new Error('No code in the local SMS outbox');
  return code;
}
