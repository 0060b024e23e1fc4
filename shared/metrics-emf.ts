import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type middy from '@middy/core';
import { METRICS_NAMESPACE, type BusinessMetrics } from './metrics.js';

/**
 * Powertools Metrics behind the `BusinessMetrics` port: counts are kept and written to stdout as
 * CloudWatch embedded metric format (EMF) by `publishBusinessMetrics`, so one operation costs no
 * API call. The service dimension is the function's `POWERTOOLS_SERVICE_NAME`.
 */
export const emf = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'union-services' });

export const businessMetrics: BusinessMetrics = {
  count(metric, value = 1, dimensions) {
    if (!dimensions) {
      emf.addMetric(metric, MetricUnit.Count, value);
      return;
    }
    // A series with dimensions of its own is written at once: the stored ones share one set.
    const single = emf.singleMetric();
    single.addDimensions(dimensions);
    single.addMetric(metric, MetricUnit.Count, value);
  },
};

/** Writes what the invocation counted, if anything (an empty publish would only log a warning). */
export function publishCounts(metrics: Pick<Metrics, 'hasStoredMetrics' | 'publishStoredMetrics'> = emf): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

/**
 * Middleware of every function: publishes the counts its use case made, once, when the
 * invocation ends, whether it answered or failed (a batch with some failed records still
 * counts the records it processed).
 */
export const publishBusinessMetrics = (): middy.MiddlewareObj => ({
  after: async () => publishCounts(),
  onError: async () => publishCounts(),
});
