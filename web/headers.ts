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

/**
 * The headers of a page. `identityProvider` is the issuer the pages sign in at (the province
 * config's `jwt.issuer`): the pages fetch its discovery document and exchange codes at it, so a
 * deployed site, whose provider is another origin, lets the pages connect to that origin too.
 */
export function securityHeaders(page: 'docs' | 'other', identityProvider?: string): Record<string, string> {
  const directives = page === 'docs' ? DOCS_POLICY : BASE_POLICY;
  const connect = identityProvider ? { 'connect-src': `'self' ${new URL(identityProvider).origin}` } : {};
  return {
    'content-security-policy': policy({ ...directives, ...connect }),
    'strict-transport-security': 'max-age=63072000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
}
