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

  it('trims the headers, takes the scheme in any case with any spaces, and refuses a token with more after it', () => {
    expect(presentedCredential({ authorization: '  bearer   abc  ' })).toEqual({ kind: 'bearer', token: 'abc' });
    expect(presentedCredential({ 'x-api-key': '  ugk_1 ' })).toEqual({ kind: 'apiKey', key: 'ugk_1' });
    expect(presentedCredential({ authorization: 'Bearer abc def' })).toBeUndefined();
    expect(presentedCredential({ authorization: 'xBearer abc' })).toBeUndefined();
    // A blank header is no credential, so a blank key beside a token leaves the token.
    expect(presentedCredential({ authorization: 'Bearer abc', 'x-api-key': '   ' })).toEqual({ kind: 'bearer', token: 'abc' });
    expect(presentedCredential({ authorization: '  ', 'x-api-key': 'k' })).toEqual({ kind: 'apiKey', key: 'k' });
  });
});

describe('callers', () => {
  it('names a token\'s caller by role and subject, an account\'s by its id', () => {
    expect(callerFromClaims({ role: 'org_admin', sub: 's-1', orgId: 'org_1' })).toEqual({ role: 'org_admin', sub: 's-1', orgId: 'org_1', principalId: 'org_admin:s-1' });
    expect(callerFromAccount({ accountId: 'acc_1', kind: 'donor', name: '甲公司' })).toEqual({ role: 'donor', accountId: 'acc_1', name: '甲公司', principalId: 'account:acc_1' });
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
