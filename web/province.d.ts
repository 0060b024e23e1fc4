/** The province the pages are built for, set by `web/build.ts` from the province's config. */
declare const PROVINCE: {
  code: string;
  name: string;
  platforms: readonly string[];
  /** The identity provider the pages sign in at (authorization code + PKCE, a public client). */
  signIn: { issuer: string; clientId: string; scopes: readonly string[] };
};
