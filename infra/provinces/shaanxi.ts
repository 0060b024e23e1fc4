import type { ProvinceConfig } from './schema.js';

/** 陕西省: Ningxia region; its issuer publishes keys away from the well-known path. */
export const shaanxi = {
  key: 'shaanxi',
  name: '陕西省',
  code: '61',
  awsRegion: 'cn-northwest-1',
  jwt: { issuer: 'https://id.sn.union.example.cn', audience: 'union-services', webClientId: 'union-web-sn', jwksUrl: 'https://id.sn.union.example.cn/keys' },
  // The join page, served by the API under its custom domain (web.hosting 'api', ADR 0032).
  joinLinkBaseUrl: 'https://sn.union.example.cn/join',
  platforms: ['美团', '饿了么', '顺丰同城', '达达快送', '滴滴出行', '货拉拉', '满帮', '京东物流', '中通快递', '圆通速递', '韵达快递', '申通快递', '极兔速递'],
  // The China regions have no End User Messaging SMS (infra/regions.ts): the province's own gateway sends.
  sms: { provider: 'https-gateway', url: 'https://sms.sn.union.example.cn/v1/messages' },
  authorizerCacheSeconds: 60,
  // A roster of 100,000 riders is 200 chunks: minutes at the standard rate, well inside a day.
  apiUsageTiers: {
    standard: { ratePerSecond: 20, burst: 40, dailyQuota: 200_000 },
    bulk: { ratePerSecond: 50, burst: 100, dailyQuota: 1_000_000 },
  },
  retainData: true,
  releases: { deploymentConfig: 'CANARY_10PERCENT_10MINUTES' },
  // Regional WAF exists in both China regions; 2,000 requests per IP per 5 minutes leaves room for a station's shared NAT.
  waf: { rateLimitPerIp: 2000 },
  // CloudFront in the China regions needs an ICP-filed domain and lacks origin access control
  // (infra/regions.ts): the API serves the pages under its ICP-filed custom domain (ADR 0032, DEPLOY.md).
  web: { hosting: 'api' },
  // The Cybersecurity Law (网络安全法, art. 21) asks for network logs kept at least six months.
  logs: { retentionDays: 180 },
} as const satisfies ProvinceConfig;
