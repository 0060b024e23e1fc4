import { JoinLinkRevokedV1 } from '../../../events/join-link-revoked.v1.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { revocationPorts } from '../dependencies.js';
import { forgetRevokedLink } from '../use-cases/join-links.js';

const ports = revocationPorts();

/** Keeps the org's list of live join links current; revocation itself takes effect in the membership service. */
export const handler = sqsConsumer([JoinLinkRevokedV1], {
  JoinLinkRevoked: (data, event) => forgetRevokedLink(data, event.occurredAt, ports),
});
