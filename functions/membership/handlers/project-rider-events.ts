import { RiderStatusChangedV1 } from '../../../events/rider-status-changed.v1.js';
import { RiderStatusChangedV2, ridersAnnounced } from '../../../events/rider-status-changed.v2.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { membershipPorts } from '../dependencies.js';
import { projectRiders } from '../use-cases/project-events.js';

const ports = membershipPorts();

/** Keeps the membership service's view of who is on which partner's roster, for activation at join. */
export const handler = sqsConsumer([RiderStatusChangedV1, RiderStatusChangedV2], {
  RiderStatusChanged: (data, event) => projectRiders(ridersAnnounced(data), event, ports),
});
