/** The province the pages are built for, set by `web/build.ts` from the province's config. */
declare const PROVINCE: { code: string; name: string; platforms: readonly string[] };
