import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { queryAll } from '../dynamo.js';
import { withRetries } from '../retry.js';
import type { IdempotencyRecord, IdempotencyStore, StoredResponse } from './idempotency.js';

/** The GSI `forgetCaller` queries: partition `caller`; it must match the table's spec in `functions/services.ts`. */
export const RECORDS_BY_CALLER = 'recordsByCaller';
/** The table's TTL attribute (epoch seconds), as its spec declares. */
export const EXPIRES_AT = 'expiration';

const isConditionFailed = (error: unknown) => error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** The live record `begin` was stopped by vanished before we read it (released): try to write again. */
class RecordVanishedError extends Error {}

function toRecord(item: Record<string, unknown>): IdempotencyRecord {
  const base = {
    id: item.id as string,
    caller: item.caller as string,
    owner: item.owner as string,
    salt: item.salt as string,
    fingerprint: item.fingerprint as string,
    expiresAt: item[EXPIRES_AT] as number,
  };
  return item.status === 'completed'
    ? { ...base, status: 'completed', response: item.response as StoredResponse }
    : { ...base, status: 'in_progress' };
}

/**
 * The idempotency store on the platform's `idempotency` table: one item per scope, keyed `id`,
 * with the expiry in the TTL attribute. TTL deletes only eventually, so every condition also
 * compares the expiry with the caller's clock: an expired item counts as absent.
 *
 * @example
 * const store = makeDynamoIdempotencyStore({ client: documentClient(), tableName: tableNameOf('idempotency') });
 */
export function makeDynamoIdempotencyStore({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }): IdempotencyStore {
  const writeOrRead = async (record: IdempotencyRecord, now: number): Promise<IdempotencyRecord | undefined> => {
    const { expiresAt, ...rest } = record;
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...rest, [EXPIRES_AT]: expiresAt },
          ConditionExpression: 'attribute_not_exists(#id) OR #expiresAt <= :now',
          ExpressionAttributeNames: { '#id': 'id', '#expiresAt': EXPIRES_AT },
          ExpressionAttributeValues: { ':now': now },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return undefined;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      // The record that won, as it was when the condition failed (the document client does not
      // unmarshall an error's item); read it only if DynamoDB did not say.
      const failed = (error as { Item?: Parameters<typeof unmarshall>[0] }).Item;
      const item =
        (failed ? unmarshall(failed) : undefined) ??
        (await client.send(new GetCommand({ TableName: tableName, Key: { id: record.id }, ConsistentRead: true }))).Item;
      if (!item) throw new RecordVanishedError();
      return toRecord(item);
    }
  };

  return {
    begin(record, now) {
      // Between our failed write and our read the winner may have released: a bounded retry
      // then writes, or meets the next winner.
      return withRetries(() => writeOrRead(record, now), { times: 3, isRetryable: (error) => error instanceof RecordVanishedError });
    },

    async complete(id, owner, response, expiresAt) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { id },
            UpdateExpression: 'SET #status = :completed, #response = :response, #expiresAt = :expiresAt',
            ConditionExpression: '#owner = :owner AND #status = :inProgress',
            ExpressionAttributeNames: { '#status': 'status', '#response': 'response', '#expiresAt': EXPIRES_AT, '#owner': 'owner' },
            ExpressionAttributeValues: { ':completed': 'completed', ':inProgress': 'in_progress', ':response': response, ':expiresAt': expiresAt, ':owner': owner },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailed(error)) return false;
        throw error;
      }
    },

    async release(id, owner) {
      try {
        await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { id },
            ConditionExpression: '#owner = :owner AND #status = :inProgress',
            ExpressionAttributeNames: { '#owner': 'owner', '#status': 'status' },
            ExpressionAttributeValues: { ':owner': owner, ':inProgress': 'in_progress' },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailed(error)) return false;
        throw error;
      }
    },

    async forgetCaller(caller) {
      // The index is eventually consistent: a record written while this runs may be missed; it
      // expires within a day all the same (see docs/adr/0009).
      let deleted = 0;
      for await (const item of queryAll(client, {
        TableName: tableName,
        IndexName: RECORDS_BY_CALLER,
        KeyConditionExpression: '#caller = :caller',
        ExpressionAttributeNames: { '#caller': 'caller', '#id': 'id' },
        ExpressionAttributeValues: { ':caller': caller },
        ProjectionExpression: '#id',
      })) {
        await client.send(new DeleteCommand({ TableName: tableName, Key: { id: item.id } }));
        deleted++;
      }
      return deleted;
    },
  };
}
