/**
 * Which AWS services and features the stacks use exist in which partition, checked against the
 * AWS China documentation (docs.amazonaws.cn, "Getting Started with Amazon Web Services in China",
 * each service's "Region Availability" and "Feature Availability and Implementation Differences").
 * The China regions (Beijing cn-north-1, Ningxia cn-northwest-1) are the `aws-cn` partition; every
 * other region the config schema accepts is treated as having them all. Where one is missing,
 * the province config says what replaces it and the schema refuses a config that asks for it.
 */
export const CHINA_REGIONS = ['cn-north-1', 'cn-northwest-1'] as const;

export interface ServiceAvailability {
  /** What the stacks use it for. */
  usedFor: string;
  /** Offered in both China regions. */
  china: boolean;
  /** Where `china` is false: what replaces it there. */
  replacement?: string;
}

export const services = {
  wafRegional: { usedFor: 'the web ACL on the API stage (config `waf`)', china: true },
  codeDeployLambda: { usedFor: 'gradual releases of every function behind its `live` alias', china: true },
  backup: { usedFor: 'the daily backup plan and the locked vault', china: true },
  eventBridgeRules: { usedFor: 'the schedules (rate rules invoking the scheduled functions)', china: true },
  // The stacks use EventBridge rules, which exist everywhere; EventBridge Scheduler is not used.
  cloudWatchDashboards: { usedFor: 'the province dashboard and alarms', china: true },
  dynamoDbPitr: { usedFor: 'point-in-time recovery of every table and the restore script', china: true },
  sqsKms: { usedFor: 'KMS encryption of queues', china: true },
  // The China documentation lists no End User Messaging SMS (Pinpoint SMS and voice v2) and says SNS SMS is not available.
  endUserMessagingSms: {
    usedFor: 'verification codes by SMS',
    china: false,
    replacement: 'the province\'s HTTPS SMS gateway: config `sms: { provider: \'https-gateway\', url }`',
  },
  // "Amazon X-Ray integration with Lambda functions is not available in the China Regions."
  lambdaXRay: { usedFor: 'active tracing of functions', china: false, replacement: 'tracing off; logs carry the correlation id' },
  // "You can't use the default CloudFront domain, *.cloudfront.cn": an ICP-filed alias with a
  // certificate in IAM (no ACM) is required, and CloudFormation there has refused
  // AWS::CloudFront::OriginAccessControl and cache policies (aws-solutions-constructs#1050,
  // aws-cdk#31033), which the private bucket and the uncached /v1/* behaviour need (ADR 0030).
  cloudFrontSite: {
    usedFor: 'the web pages: a private bucket behind a distribution with origin access control, cache and response-headers policies',
    china: false,
    replacement: 'web: { hosting: \'api\' }, the pages served by the API under its ICP-filed custom domain (or \'none\' and the province\'s own web host; DEPLOY.md)',
  },
  // The China edition of AWS Config offers its api-gw-xray-enabled rule in both regions.
  apiGatewayXRay: { usedFor: 'tracing of API stages', china: true },
} as const satisfies Record<string, ServiceAvailability>;

export type AwsServiceName = keyof typeof services;

export const isChinaRegion = (region: string): boolean => (CHINA_REGIONS as readonly string[]).includes(region);

/** Whether `region` offers `service`, by the table above. */
export function regionOffers(region: string, service: AwsServiceName): boolean {
  return !isChinaRegion(region) || services[service].china;
}
