import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { auditDayPartition, AuditRecordSchema, type AuditAction, type AuditRecord } from '../../shared/audit.js';
import type { Page } from '../../shared/dynamo.js';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';

/** Which entries: one day's, or an actor's or an org's (optionally on one day). */
export type AuditQuery = ({ by: 'day'; day: string } | { by: 'actor'; actorId: string; day?: string } | { by: 'org'; orgId: string; day?: string }) & { action?: AuditAction };

/** Reads the platform's audit table, newest first; it never writes (writers only append, through `shared/audit.ts`). */
export function makeAuditRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  return {
    async entries(query: AuditQuery, request: { limit: number; cursor?: string }): Promise<Page<AuditRecord>> {
      const values: Record<string, string> = {};
      let input: QueryCommandInput;
      if (query.by === 'day') {
        values[':pk'] = auditDayPartition(query.day);
        input = { TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: values };
      } else {
        const [index, attribute, value] = query.by === 'actor' ? ['auditByActor', 'actorId', query.actorId] : ['auditByOrg', 'orgId', query.orgId];
        values[':key'] = value;
        if (query.day) values[':day'] = query.day;
        input = {
          TableName: tableName,
          IndexName: index,
          KeyConditionExpression: `${attribute} = :key${query.day ? ' AND begins_with(sk, :day)' : ''}`,
          ExpressionAttributeValues: values,
        };
      }
      if (query.action) {
        values[':action'] = query.action;
        input.FilterExpression = '#action = :action';
        input.ExpressionAttributeNames = { '#action': 'action' };
      }
      const scope = { list: 'audit.entries', query: JSON.stringify(query) };
      const result = await client.send(new QueryCommand({ ...input, ScanIndexForward: false, Limit: request.limit, ExclusiveStartKey: await decodeCursor(request.cursor, scope) }));
      return { items: (result.Items ?? []).map((item) => AuditRecordSchema.parse(item)), nextCursor: await encodeCursor(result.LastEvaluatedKey, scope) };
    },
  };
}

export type AuditRepository = ReturnType<typeof makeAuditRepository>;
