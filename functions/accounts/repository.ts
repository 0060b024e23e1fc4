import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { transact } from '../../shared/dynamo.js';
import { ConflictError } from '../../shared/errors.js';
import { AccountNotFoundError, DuplicateAccountError, type Account, type AccountKind } from './domain/account.js';
import { accountKey, apiKeyKey, creditCodeKey } from './keys.js';
import type { KeyOwner } from '../../shared/auth/key-owners.js';


export function makeAccountRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  const getItem = async (key: Record<string, string>) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: key }))).Item;

  return {
    async get(accountId: string): Promise<(Account & { keyHash: string }) | undefined> {
      const item = await getItem(accountKey(accountId));
      if (!item) return undefined;
      const { id, kind, name, creditCode, createdAt, keyHash } = item;
      return { id, kind, name, creditCode, createdAt, keyHash };
    },

    /** The live key's owner, or undefined for an unknown or revoked key. */
    async findKeyOwner(keyHash: string): Promise<KeyOwner | undefined> {
      const item = await getItem(apiKeyKey(keyHash));
      return item ? { accountId: item.accountId, kind: item.kind, name: item.name ?? item.accountId } : undefined;
    },

    /** Creates the account, reserves its credit code for its kind and registers its key, all or nothing. */
    async create(account: Account, keyHash: string): Promise<void> {
      await transact(client, [
        { Put: { TableName: tableName, Item: { ...accountKey(account.id), ...account, keyHash }, ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          item: {
            Put: {
              TableName: tableName,
              Item: { ...creditCodeKey(account.kind, account.creditCode), accountId: account.id },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          onConditionFailed: () => new DuplicateAccountError(account.kind),
        },
        { Put: { TableName: tableName, Item: { ...apiKeyKey(keyHash), accountId: account.id, kind: account.kind, name: account.name } } },
      ]);
    },

    /** Replaces the account's key: the old key's lookup item goes in the same transaction. */
    async replaceKey(account: Account & { keyHash: string }, newKeyHash: string): Promise<void> {
      await transact(client, [
        {
          item: {
            Update: {
              TableName: tableName,
              Key: accountKey(account.id),
              UpdateExpression: 'SET keyHash = :new',
              ConditionExpression: 'keyHash = :old',
              ExpressionAttributeValues: { ':new': newKeyHash, ':old': account.keyHash },
            },
          },
          onConditionFailed: () => new ConflictError('The key was rotated by another request at the same time; retry'),
        },
        { Delete: { TableName: tableName, Key: apiKeyKey(account.keyHash) } },
        { Put: { TableName: tableName, Item: { ...apiKeyKey(newKeyHash), accountId: account.id, kind: account.kind, name: account.name } } },
      ]);
    },
  };
}

export type AccountRepository = ReturnType<typeof makeAccountRepository>;

