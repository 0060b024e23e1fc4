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

/**
 * The port through which a use case counts what it did, once per operation; the function's
 * middleware publishes what was counted when the invocation ends. Use cases stay plain: a test
 * passes a recording one.
 *
 * @example
 * ports.metrics.count(businessMetrics.wishClaimed);
 */
export interface BusinessMetrics {
  /** Adds `value` (default 1) to a count; with `dimensions`, a series of its own (e.g. by outcome). */
  count(metric: BusinessMetric, value?: number, dimensions?: Record<string, string>): void;
}
