import { describe, expect, it } from 'vitest';
import { securityHeaders } from '../../../web/headers.js';

const directive = (headers: Record<string, string>, name: string) =>
  headers['content-security-policy']!.split('; ').find((entry) => entry.startsWith(`${name} `));

describe('securityHeaders()', () => {
  it('lets the pages connect to their own origin only, where the identity provider is too (locally)', () => {
    expect(directive(securityHeaders('other'), 'connect-src')).toBe("connect-src 'self'");
  });

  it('lets them connect to the province\'s identity provider as well, by its origin, and nothing else changes', () => {
    const headers = securityHeaders('other', 'https://id.fj.union.example.cn/realms/union');
    expect(directive(headers, 'connect-src')).toBe("connect-src 'self' https://id.fj.union.example.cn");
    expect(directive(headers, 'script-src')).toBe("script-src 'self'");
    expect(directive(headers, 'form-action')).toBe("form-action 'self'");
  });
});
