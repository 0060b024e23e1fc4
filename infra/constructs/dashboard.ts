import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Dashboard, GraphWidget, MathExpression, Metric, Stats, TextWidget, type IMetric, type IWidget } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { businessMetrics, METRICS_NAMESPACE } from '../../shared/metrics.js';

/** A business metric of `shared/metrics.ts` as one service emits it (dimension `service`), summed per period. */
export function businessMetric(name: keyof typeof businessMetrics, service: string, period = Duration.minutes(5)): Metric {
  return new Metric({ namespace: METRICS_NAMESPACE, metricName: businessMetrics[name], dimensionsMap: { service }, statistic: Stats.SUM, period });
}

/** A business metric summed over every service that emits it, whichever that is. */
function businessMetricAcrossServices(name: keyof typeof businessMetrics): IMetric {
  return new MathExpression({
    expression: `SUM(SEARCH('{${METRICS_NAMESPACE},service} MetricName="${businessMetrics[name]}"', 'Sum', 300))`,
    label: businessMetrics[name],
    period: Duration.minutes(5),
  });
}

export interface ProvinceDashboardProps {
  name: string;
  api: RestApi;
  /** Each route's function, by route key: its p95 duration is the route's latency without the gateway's few milliseconds. */
  routes: { key: string; fn: IFunction }[];
  consumers: { name: string; queue: IQueue; deadLetterQueue: IQueue }[];
}

/** Graphs with at most this many lines stay readable; routes are spread over as many graphs as needed. */
const LINES_PER_GRAPH = 12;

const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * The province on one page (DEPLOY.md, "Reading the dashboard"): requests and 4xx/5xx answers,
 * p95 latency per route, each consumer's oldest waiting message and dead letters, and the
 * business metrics of `shared/metrics.ts`.
 */
export class ProvinceDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ProvinceDashboardProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const widgets: IWidget[][] = [
      [new TextWidget({ markdown: `# ${props.name}\nRequests, answers, latency, queues and what the province did. DEPLOY.md, "Reading the dashboard", says what each graph should look like.`, width: 24, height: 2 })],
      [
        new GraphWidget({ title: 'API requests', left: [props.api.metricCount({ period })], width: 8 }),
        new GraphWidget({ title: 'API 4xx and 5xx answers', left: [props.api.metricClientError({ period })], right: [props.api.metricServerError({ period })], width: 8 }),
        new GraphWidget({ title: 'API latency p95 (ms)', left: [props.api.metricLatency({ period, statistic: Stats.p(95) })], width: 8 }),
      ],
      chunks(props.routes, LINES_PER_GRAPH).map((routes, i, all) =>
        new GraphWidget({
          title: `Route latency p95 (ms), ${i + 1}/${all.length}`,
          left: routes.map(({ key, fn }) => fn.metricDuration({ period, statistic: Stats.p(95), label: key })),
          width: 12,
          height: 6,
        }),
      ),
      [
        new GraphWidget({
          title: 'Oldest waiting message per consumer (s)',
          left: props.consumers.map(({ name, queue }) => queue.metricApproximateAgeOfOldestMessage({ period, label: name })),
          width: 12,
        }),
        new GraphWidget({
          title: 'Dead letters per consumer',
          left: props.consumers.map(({ name, deadLetterQueue }) => deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, label: name })),
          width: 12,
        }),
      ],
      // Every metric shared/metrics.ts declares, so one added there shows here without a change.
      (Object.keys(businessMetrics) as (keyof typeof businessMetrics)[]).map((name) =>
        new GraphWidget({ title: businessMetrics[name], left: [businessMetricAcrossServices(name)], width: 8 }),
      ),
    ];
    this.dashboard = new Dashboard(this, 'Resource', { dashboardName: props.name, widgets });
  }
}
