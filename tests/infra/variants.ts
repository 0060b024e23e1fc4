import { provinces } from '../../infra/provinces/index.js';

/**
 * Fujian's config moved to a region with CloudFront as the stack builds it (origin access
 * control, cache and response-headers policies), hosting its pages there: the real provinces are
 * in the China regions, which refuse that hosting (ADR 0030).
 */
export const CLOUDFRONT_HOSTED = {
  key: 'fujian',
  change: {
    awsRegion: 'ap-east-1',
    web: { hosting: 'cloudfront', webAclArn: 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/union-services-fujian/0f3c' },
  },
} as const satisfies { key: keyof typeof provinces; change: Record<string, unknown> };
