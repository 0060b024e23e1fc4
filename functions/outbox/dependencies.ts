import { outboxTables, subscribersOf } from '../services.js';
import { queueUrlOf, tableNameOf } from '../../shared/config.js';
import { documentClient } from '../../shared/dynamo.js';
import { sendEvent, sqsClient } from '../../shared/sqs.js';
import { makeOutboxRepository } from './repository.js';
import type { PublishPorts } from './use-cases/publish-entry.js';

/** The wiring of the relay and the sweep for Lambda, created once per container. */
export const outboxPorts = () => {
  const sqs = sqsClient();
  return {
    subscribersOf,
    send: (consumer: string, event: Parameters<PublishPorts['send']>[1]) => sendEvent(sqs, queueUrlOf(consumer), event),
    outbox: makeOutboxRepository({ client: documentClient() }),
  };
};

/** Physical names of the outbox tables this function was handed (`TABLE_<NAME>`). */
export const outboxTableNames = (): string[] => outboxTables.map(tableNameOf);
