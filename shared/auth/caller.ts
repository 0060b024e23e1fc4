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

/** The caller type of one role, e.g. `CallerOfRole<'partner'>` has an `accountId`. */
type Narrow<C, R> = C extends { role: infer CR } ? ([Extract<CR, R>] extends [never] ? never : Omit<C, 'role'> & { role: Extract<CR, R> }) : never;
export type CallerOfRole<R extends Caller['role']> = Narrow<Caller, R>;

/**
 * The caller as the kind its route admits, e.g. `callerAs(caller, 'partner')` on a partner-only
 * route. Another kind here means the route's allow-list and its handler disagree: a bug, not a
 * client error.
 */
export function callerAs<R extends Caller['role']>(caller: Caller, ...roles: R[]): CallerOfRole<R> {
  if (!(roles as string[]).includes(caller.role)) throw new Error(`A ${caller.role} reached a route for ${roles.join(', ')}: check its allow-list`);
  return caller as CallerOfRole<R>;
}

/** The caller on a route for any kind of account (partners, donors, employers). */
export const accountCaller = (caller: Caller) => callerAs(caller, 'partner', 'donor', 'employer');
