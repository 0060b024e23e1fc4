import { z } from 'zod';
import { GetCommand, QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { transact, type Page, type TransactItem } from '../../shared/dynamo.js';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';
import { ConflictError } from '../../shared/errors.js';
import { indexOf } from '../../shared/topology.js';
import { AccountKindSchema, DEFAULT_TIER, DuplicateAccountError, type Account, type AccountKind, type PreviousKey, type RegisteredKey } from './domain/account.js';
import { accountKey, accountListKey, apiKeyKey, creditCodeKey } from './keys.js';
import { accountsService } from './service.js';

/** Rotated-out keys linger a day past retirement before TTL removes them; the authorizer ignores them from `retiresAt` on. */
const RETIRED_KEY_GRACE_SECONDS = 24 * 3600;

const byKind = indexOf(accountsService.tables.accounts, 'accountsByKind');

const text = (item: Record<string, unknown>, name: string): string => {
  const value = item[name];
  if (typeof value !== 'string') throw new Error(`Account item lacks ${name}`);
  return value;
};

const RetiringKeysSchema = z.array(z.object({ keyHash: z.string(), retiresAt: z.string() }));

/** The one mapping from a stored account item to the domain. */
const toAccount = (item: Record<string, unknown>): Account => ({
  id: text(item, 'id'),
  kind: AccountKindSchema.parse(item.kind),
  name: text(item, 'name'),
  creditCode: text(item, 'creditCode'),
  createdAt: text(item, 'createdAt'),
  keyHash: text(item, 'keyHash'),
  // Accounts created before usage tiers have none: they are in the default one.
  tier: typeof item.tier === 'string' ? item.tier : DEFAULT_TIER,
  ...(typeof item.usageKey === 'string' ? { usageKey: item.usageKey } : {}),
  ...(item.retiringKeys === undefined ? {} : { retiringKeys: RetiringKeysSchema.parse(item.retiringKeys) }),
});

const toRegisteredKey = (item: Record<string, unknown>): RegisteredKey => ({
  accountId: text(item, 'accountId'),
  kind: AccountKindSchema.parse(item.kind),
  name: typeof item.name === 'string' ? item.name : text(item, 'accountId'),
  ...(typeof item.usageKey === 'string' ? { usageKey: item.usageKey } : {}),
  ...(typeof item.retiresAt === 'string' ? { retiresAt: item.retiresAt } : {}),
});

export function makeAccountRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  const getItem = async (key: Record<string, string>) => (await client.send(new GetCommand({ TableName: tableName, Key: key }))).Item;

  const registerKey = (account: Account): TransactItem => ({
    Put: { TableName: tableName, Item: { ...apiKeyKey(account.keyHash), accountId: account.id, kind: account.kind, name: account.name, ...(account.usageKey ? { usageKey: account.usageKey } : {}) } },
  });

  // The retiring key is throttled as the account is: it gets the usage key an account created
  // before usage tiers receives at this rotation.
  const retire = (previous: PreviousKey, usageKey: string | undefined): TransactItem =>
    previous.retiresAt === null
      ? { Delete: { TableName: tableName, Key: apiKeyKey(previous.keyHash) } }
      : {
          Update: {
            TableName: tableName,
            Key: apiKeyKey(previous.keyHash),
            UpdateExpression: `SET retiresAt = :at, expiresAt = :ttl${usageKey ? ', usageKey = :usageKey' : ''}`,
            ExpressionAttributeValues: {
              ':at': previous.retiresAt,
              ':ttl': Math.floor(Date.parse(previous.retiresAt) / 1000) + RETIRED_KEY_GRACE_SECONDS,
              ...(usageKey ? { ':usageKey': usageKey } : {}),
            },
          },
        };

  return {
    async get(accountId: string): Promise<Account | undefined> {
      const item = await getItem(accountKey(accountId));
      return item && toAccount(item);
    },

    /** The key's registration, live or retiring, or undefined for a key never issued or already revoked. */
    async findKey(keyHash: string): Promise<RegisteredKey | undefined> {
      const item = await getItem(apiKeyKey(keyHash));
      return item && toRegisteredKey(item);
    },

    /** Creates the account, reserves its credit code for its kind and registers its key, all or nothing. */
    async create(account: Account): Promise<void> {
      await transact(client, [
        {
          Put: {
            TableName: tableName,
            Item: { ...accountKey(account.id), ...account, accountListKey: accountListKey(account.createdAt, account.id) },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          item: {
            Put: { TableName: tableName, Item: { ...creditCodeKey(account.kind, account.creditCode), accountId: account.id }, ConditionExpression: 'attribute_not_exists(pk)' },
          },
          onConditionFailed: () => new DuplicateAccountError(account.kind),
        },
        registerKey(account),
      ]);
    },

    /**
     * Registers the account's new key, retires the previous one and deletes the `revoked` ones,
     * in one transaction that holds only if nobody rotated the key since `before` was read (nor
     * gave it a usage key, when `before` had none: `addUsageKey`'s stays the account's).
     */
    async replaceKey(before: Account, after: Account, previous: PreviousKey, revoked: readonly string[]): Promise<void> {
      await transact(client, [
        {
          item: {
            Update: {
              TableName: tableName,
              Key: accountKey(before.id),
              UpdateExpression: `SET keyHash = :new${after.usageKey ? ', usageKey = :usageKey' : ''}${after.retiringKeys ? ', retiringKeys = :retiring' : ' REMOVE retiringKeys'}`,
              ConditionExpression: before.usageKey ? 'keyHash = :old' : 'keyHash = :old AND attribute_not_exists(usageKey)',
              ExpressionAttributeValues: {
                ':new': after.keyHash,
                ':old': before.keyHash,
                ...(after.usageKey ? { ':usageKey': after.usageKey } : {}),
                ...(after.retiringKeys ? { ':retiring': after.retiringKeys } : {}),
              },
            },
          },
          onConditionFailed: () => new ConflictError('The key was rotated by another request at the same time; retry'),
        },
        retire(previous, after.usageKey),
        ...revoked.map((keyHash): TransactItem => ({ Delete: { TableName: tableName, Key: apiKeyKey(keyHash) } })),
        registerKey(after),
      ]);
    },

    /**
     * Gives the account its first usage key, on its item and on the registration of each key in
     * `keyHashes`, in one transaction that holds only if it still has none and its key is the
     * one `account` was read with (so neither a second run nor a rotation meanwhile is
     * overwritten, and no key of the account misses it).
     */
    async addUsageKey(account: Account, usageKey: string, keyHashes: readonly string[]): Promise<void> {
      const values = { ':usageKey': usageKey };
      await transact(client, [
        {
          item: {
            Update: {
              TableName: tableName,
              Key: accountKey(account.id),
              UpdateExpression: 'SET usageKey = :usageKey',
              ConditionExpression: 'attribute_not_exists(usageKey) AND keyHash = :keyHash',
              ExpressionAttributeValues: { ...values, ':keyHash': account.keyHash },
            },
          },
          onConditionFailed: () => new ConflictError(`Account ${account.id} got a usage key or a new API key meanwhile`),
        },
        ...keyHashes.map(
          (keyHash): TransactItem => ({
            Update: { TableName: tableName, Key: apiKeyKey(keyHash), UpdateExpression: 'SET usageKey = :usageKey', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: values },
          }),
        ),
      ]);
    },

    /**
     * Every account, one page at a time. A scan, not the list index: accounts made before that
     * index carry no list key.
     */
    async *allAccounts(pageSize = 100): AsyncGenerator<Account[]> {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({ TableName: tableName, FilterExpression: 'sk = :account', ExpressionAttributeValues: { ':account': accountKey('').sk }, Limit: pageSize, ExclusiveStartKey: start }),
        );
        yield (page.Items ?? []).map(toAccount);
        start = page.LastEvaluatedKey;
      } while (start);
    },

    async listByKind(kind: AccountKind, page: { limit: number; cursor?: string }): Promise<Page<Account>> {
      const scope = { list: 'accounts.accountsByKind', kind };
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: byKind,
          KeyConditionExpression: 'kind = :kind',
          ExpressionAttributeValues: { ':kind': kind },
          Limit: page.limit,
          ExclusiveStartKey: await decodeCursor(page.cursor, scope),
        }),
      );
      return { items: (result.Items ?? []).map(toAccount), nextCursor: await encodeCursor(result.LastEvaluatedKey, scope) };
    },
  };
}

export type AccountRepository = ReturnType<typeof makeAccountRepository>;
