import { z } from 'zod';
import { ConflictError, NotFoundError } from '../../../shared/errors.js';

export const AccountKindSchema = z.enum(['partner', 'donor', 'employer']);
export type AccountKind = z.infer<typeof AccountKindSchema>;

export interface Account {
  id: string;
  kind: AccountKind;
  name: string;
  creditCode: string;
  createdAt: string;
}

export class AccountNotFoundError extends NotFoundError {
  constructor(accountId: string) {
    super(`No account ${accountId}`);
  }
}

export class DuplicateAccountError extends ConflictError {
  constructor(kind: AccountKind) {
    super(`A ${kind} account with this credit code already exists`);
  }
}

export const AccountViewSchema = z.strictObject({ id: z.string(), kind: AccountKindSchema, name: z.string() }).meta({ id: 'Account' });
export const NewAccountSchema = AccountViewSchema.extend({ apiKey: z.string() }).meta({ id: 'NewAccount' });
export const ApiKeySchema = z.strictObject({ apiKey: z.string() }).meta({ id: 'ApiKey' });

/** What an account's owner and the province admin see of it. */
export const accountView = (account: Account): z.infer<typeof AccountViewSchema> => ({ id: account.id, kind: account.kind, name: account.name });
