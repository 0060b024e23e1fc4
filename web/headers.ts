/**
 * The security headers of every page the site serves, set by the local gateway (and meant for
 * the deployed CDN's response-headers policy). Scripts only from the site itself, never inline;
 * no framing (clickjacking a join form); no referrer, since a join page's URL carries its token.
 */
const BASE_POLICY = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data: blob:",
  'font-src': "'self'",
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
};

/**
 * The API reference renderer (Scalar) sets styles from script at run time, so its page alone
 * allows inline styles; scripts stay `'self'` there too.
 */
const DOCS_POLICY = { ...BASE_POLICY, 'style-src': "'self' 'unsafe-inline'" };

const policy = (directives: Record<string, string>) => Object.entries(directives).map(([name, value]) => `${name} ${value}`).join('; ');

export function securityHeaders(page: 'docs' | 'other'): Record<string, string> {
  return {
    'content-security-policy': policy(page === 'docs' ? DOCS_POLICY : BASE_POLICY),
    'strict-transport-security': 'max-age=63072000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
}
