import type { ProvinceConfig } from './schema.js';

/** 陕西省: Ningxia region; its issuer publishes keys away from the well-known path. */
export const shaanxi = {
  key: 'shaanxi',
  name: '陕西省',
  code: '61',
  awsRegion: 'cn-northwest-1',
  jwt: { issuer: 'https://id.sn.union.example.cn', audience: 'union-services', jwksUrl: 'https://id.sn.union.example.cn/keys' },
  joinLinkBaseUrl: 'https://join.sn.union.example.cn/j',
  platforms: ['美团', '饿了么', '顺丰同城', '达达快送', '滴滴出行', '货拉拉', '满帮', '京东物流', '中通快递', '圆通速递', '韵达快递', '申通快递', '极兔速递'],
  sms: { originationIdentityArn: 'arn:aws-cn:sms-voice:cn-northwest-1:444455556666:pool/pool-union-shaanxi' },
  authorizerCacheSeconds: 60,
  // A roster of 100,000 riders is 200 chunks: minutes at the standard rate, well inside a day.
  apiUsageTiers: {
    standard: { ratePerSecond: 20, burst: 40, dailyQuota: 200_000 },
    bulk: { ratePerSecond: 50, burst: 100, dailyQuota: 1_000_000 },
  },
  retainData: true,
} as const satisfies ProvinceConfig;
