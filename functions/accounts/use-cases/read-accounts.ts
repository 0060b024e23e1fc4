import type { Page } from '../../../shared/dynamo.js';
import { AccountNotFoundError, type Account, type AccountKind } from '../domain/account.js';
import type { AccountRepository } from '../repository.js';

export interface ReadAccountsPorts {
  accounts: Pick<AccountRepository, 'get' | 'listByKind'>;
}

/** The calling account; one deleted while its key still worked is not found. */
export async function ownAccount(accountId: string, ports: ReadAccountsPorts): Promise<Account> {
  const account = await ports.accounts.get(accountId);
  if (!account) throw new AccountNotFoundError(accountId);
  return account;
}

/** A page of the accounts of one kind, oldest first (the province admin's list). */
export function listAccounts(kind: AccountKind, page: { limit: number; cursor?: string }, ports: ReadAccountsPorts): Promise<Page<Account>> {
  return ports.accounts.listByKind(kind, page);
}
