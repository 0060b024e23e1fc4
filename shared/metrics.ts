/**
 * Business metrics: one declaration read by the functions that emit them (Powertools Metrics,
 * once per operation) and by the province's dashboard and alarms in the stack.
 */
export const METRICS_NAMESPACE = 'UnionServices';

/** Metric names by what they count; each is a Count emitted with the `service` dimension. */
export const businessMetrics = {
  memberJoined: 'MemberJoined',
  memberActivated: 'MemberActivated',
  wishClaimed: 'WishClaimed',
  wishFulfilled: 'WishFulfilled',
  rosterRowsProcessed: 'RosterRowsProcessed',
  webhookDeliveryFailed: 'WebhookDeliveryFailed',
} as const;

export type BusinessMetric = (typeof businessMetrics)[keyof typeof businessMetrics];
