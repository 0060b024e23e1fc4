import { z } from 'zod';

/** One province's deployment: the only thing that differs between provincial stacks. */
export const ProvinceConfigSchema = z.strictObject({
  /** Context key: `npx cdk deploy -c province=<key>`. */
  key: z.string().regex(/^[a-z]+$/),
  name: z.string().min(2),
  /** Two-digit GB/T 2260 code of the province. */
  code: z.string().regex(/^[1-9]\d$/),
  awsRegion: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/),
  jwt: z.strictObject({
    issuer: z.url({ protocol: /^https$/ }),
    audience: z.string().min(1),
    /** Defaults to `<issuer>/.well-known/jwks.json`. */
    jwksUrl: z.url({ protocol: /^https$/ }).optional(),
  }),
  /** The page a scanned join link opens. */
  joinLinkBaseUrl: z.url({ protocol: /^https$/ }),
  /** Who hears about messages in a dead-letter queue and 5xx answers. */
  alarmEmail: z.email().optional(),
  /** Keep tables and keys when the stack is deleted (production) or not (a trial province). */
  retainData: z.boolean(),
});

export type ProvinceConfig = z.infer<typeof ProvinceConfigSchema>;
