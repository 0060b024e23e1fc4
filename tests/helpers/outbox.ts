import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { outboxTables } from '../../functions/services.js';
import type { Envelope } from '../../events/envelope.js';
import { tableEnvVar } from '../../shared/config.js';
import { eventsOfOutboxItem, OUTBOX_PREFIX } from '../../shared/outbox.js';
import type { TestProvince } from './province.js';

/** An event in the outbox, with the item that holds it (an item may hold several events). */
export type OutboxItem = Record<string, unknown> & { event: Envelope };

/** The events of the outbox items among `items` (straight from a table), decoded as the relay decodes them. */
export const outboxEvents = (items: readonly Record<string, unknown>[]): Envelope[] =>
  items.flatMap((item) => (String(item.pk).startsWith(OUTBOX_PREFIX) ? (eventsOfOutboxItem(item) as Envelope[]) : []));

/**
 * Reads a test province's outbox items straight from its tables (a scan: fine for the few
 * items of one test file, never what a function does).
 */
export function outboxReader(province: TestProvince) {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: province.env.AWS_ENDPOINT_URL_DYNAMODB }));
  return {
    /** Every event in the outbox of every outbox table, each with its item. */
    async all(): Promise<OutboxItem[]> {
      const items: OutboxItem[] = [];
      for (const table of outboxTables) {
        let ExclusiveStartKey: Record<string, unknown> | undefined;
        do {
          const page = await client.send(
            new ScanCommand({
              TableName: province.env[tableEnvVar(table)],
              FilterExpression: 'begins_with(pk, :prefix)',
              ExpressionAttributeValues: { ':prefix': OUTBOX_PREFIX },
              ExclusiveStartKey,
            }),
          );
          items.push(...(page.Items ?? []).flatMap((item) => (eventsOfOutboxItem(item) as Envelope[]).map((event) => ({ ...item, event }))));
          ExclusiveStartKey = page.LastEvaluatedKey;
        } while (ExclusiveStartKey);
      }
      return items;
    },
    /** The outbox item of the event of `type` whose data has `orgId`, if written. */
    async ofOrg(type: string, orgId: string): Promise<OutboxItem | undefined> {
      return (await this.all()).find((item) => item.event.type === type && (item.event.data as { orgId?: string }).orgId === orgId);
    },
    destroy: () => client.destroy(),
  };
}
