import { z } from 'zod';
import { pageOf } from '../../shared/http/schemas.js';
import { AccountKindSchema, type Account } from './domain/account.js';

export const AccountViewSchema = z.strictObject({ id: z.string(), kind: AccountKindSchema, name: z.string() }).meta({ id: 'Account' });
export const AccountListItemSchema = AccountViewSchema.extend({ createdAt: z.string() }).meta({ id: 'AccountListItem' });
export const AccountPageSchema = pageOf(AccountListItemSchema, 'AccountPage');
export const NewAccountSchema = AccountViewSchema.extend({ apiKey: z.string() }).meta({ id: 'NewAccount' });
export const ApiKeySchema = z.strictObject({ apiKey: z.string() }).meta({ id: 'ApiKey' });

/** What an account's owner and the province admin see of it: never the key or its hash. */
export const accountView = (account: Account): z.infer<typeof AccountViewSchema> => ({ id: account.id, kind: account.kind, name: account.name });

export const accountListItemView = (account: Account): z.infer<typeof AccountListItemSchema> => ({ ...accountView(account), createdAt: account.createdAt });
