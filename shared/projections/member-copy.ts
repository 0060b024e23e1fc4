import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** How long a service keeps an erased worker's tombstone: longer than any older event about them can still be in flight. */
export const MEMBER_TOMBSTONE_SECONDS = 15 * 24 * 3600;

/** The epoch second TTL removes a tombstone written for a change at `changedAt`. */
export const tombstoneExpiry = (changedAt: string): number => Math.floor(Date.parse(changedAt) / 1000) + MEMBER_TOMBSTONE_SECONDS;

/**
 * Writes a service's own copy of a worker's membership (projected from MembershipStatusChanged,
 * as wishes and courses keep one) at `key`, unless the stored copy is newer or erased: an event
 * older than what is stored, or any event after an erasure, changes nothing (returns false). An
 * erased state is written as a tombstone that TTL removes once no older event can still arrive.
 *
 * @example
 * const stored = await putNewerMember(client, tableName, memberKey(workerId), { workerId, status, orgId, changedAt });
 */
export async function putNewerMember(
  client: DynamoDBDocumentClient,
  tableName: string,
  key: Record<string, string>,
  member: { status: string; changedAt: string } & Record<string, unknown>,
): Promise<boolean> {
  const tombstone = member.status === 'erased' ? { expiresAt: tombstoneExpiry(member.changedAt) } : {};
  try {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...key, ...member, ...tombstone },
        ConditionExpression: 'attribute_not_exists(pk) OR (changedAt <= :at AND #status <> :erased)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':at': member.changedAt, ':erased': 'erased' },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
