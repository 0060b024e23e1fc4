import { z } from 'zod';

/**
 * Who is calling, as the authorizer established it. API Gateway hands the authorizer's
 * context to the function as flat strings; this schema turns it back into a typed caller.
 */
export const CallerSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('worker'), principalId: z.string(), sub: z.string() }),
  z.object({ role: z.literal('org_admin'), principalId: z.string(), sub: z.string(), orgId: z.string() }),
  z.object({ role: z.literal('province_admin'), principalId: z.string(), sub: z.string() }),
  z.object({
    role: z.enum(['partner', 'donor', 'employer']),
    principalId: z.string(),
    accountId: z.string(),
    /** The account's name, e.g. a partner platform's, as registered. */
    name: z.string(),
  }),
]);

export type Caller = z.infer<typeof CallerSchema>;
export type StaffCaller = Extract<Caller, { role: 'org_admin' | 'province_admin' }>;
export type AccountCaller = Extract<Caller, { role: 'partner' | 'donor' | 'employer' }>;

/** The authorizer's context for a caller: strings only, as API Gateway requires. */
export function callerContext(caller: Caller): Record<string, string> {
  return Object.fromEntries(Object.entries(caller).filter(([, value]) => typeof value === 'string'));
}

/** The partner account behind a caller the authorizer admitted to a partner-only route. */
export function partnerOf(caller: Caller): AccountCaller {
  if (caller.role !== 'partner') throw new Error(`A ${caller.role} reached a partner-only route: check its allow-list`);
  return caller;
}
