import { describe, expect, it } from 'vitest';
import { callerFromAccount, callerFromClaims, isAllowed, presentedCredential } from '../../../functions/auth/domain/credentials.js';

describe('presentedCredential()', () => {
  it('reads a bearer token or an API key, whatever the header case', () => {
    expect(presentedCredential({ Authorization: 'Bearer abc.def.ghi' })).toEqual({ kind: 'bearer', token: 'abc.def.ghi' });
    expect(presentedCredential({ 'X-Api-Key': 'ugk_1' })).toEqual({ kind: 'apiKey', key: 'ugk_1' });
  });

  it('treats both at once, other schemes and empty headers as no credential', () => {
    expect(presentedCredential({ authorization: 'Bearer a', 'x-api-key': 'k' })).toBeUndefined();
    expect(presentedCredential({ authorization: 'Basic dXNlcjpwYXNz' })).toBeUndefined();
    expect(presentedCredential({ authorization: 'Bearer ' })).toBeUndefined();
    expect(presentedCredential({})).toBeUndefined();
  });
});

describe('isAllowed()', () => {
  it('admits only the roles a route names', () => {
    const worker = callerFromClaims({ role: 'worker', sub: 'w' });
    const partner = callerFromAccount({ accountId: 'acc_1', kind: 'partner', name: '闽送即配' });
    expect(isAllowed(['worker'], worker)).toBe(true);
    expect(isAllowed(['org_admin', 'province_admin'], worker)).toBe(false);
    expect(isAllowed(['partner'], partner)).toBe(true);
    expect(isAllowed(['donor'], partner)).toBe(false);
  });
});
