import { z } from 'zod';
import { pageOf } from '../../shared/http/schemas.js';
import { AccountKindSchema, type Account } from './domain/account.js';

export const AccountViewSchema = z
  .strictObject({ id: z.string(), kind: AccountKindSchema, name: z.string(), tier: z.string().meta({ description: 'The usage tier the gateway throttles the account by' }) })
  .meta({ id: 'Account' });
export const AccountListItemSchema = AccountViewSchema.extend({ createdAt: z.string() }).meta({ id: 'AccountListItem' });
export const AccountPageSchema = pageOf(AccountListItemSchema, 'AccountPage');
export const NewAccountSchema = AccountViewSchema.extend({ apiKey: z.string() }).meta({ id: 'NewAccount' });
export const ApiKeySchema = z.strictObject({ apiKey: z.string() }).meta({ id: 'ApiKey' });

/** What an account's owner and the province admin see of it: never the key or its hash. */
export const accountView = (account: Account): z.infer<typeof AccountViewSchema> => ({ id: account.id, kind: account.kind, name: account.name, tier: account.tier });

export const accountListItemView = (account: Account): z.infer<typeof AccountListItemSchema> => ({ ...accountView(account), createdAt: account.createdAt });
