import type { ProvinceConfig } from './schema.js';

/** 福建省: Beijing region. */
export const fujian = {
  key: 'fujian',
  name: '福建省',
  code: '35',
  awsRegion: 'cn-north-1',
  jwt: { issuer: 'https://id.fj.union.example.cn', audience: 'union-services' },
  joinLinkBaseUrl: 'https://join.fj.union.example.cn/j',
  alarmEmail: 'ops@fj.union.example.cn',
  platforms: ['美团', '饿了么', '闽送即配', '顺丰同城', '达达快送', '滴滴出行', '货拉拉', '满帮', '京东物流', '中通快递', '圆通速递', '韵达快递', '申通快递', '极兔速递'],
  sms: { originationIdentityArn: 'arn:aws-cn:sms-voice:cn-north-1:111122223333:pool/pool-union-fujian' },
  authorizerCacheSeconds: 60,
  // A roster of 100,000 riders is 200 chunks: minutes at the standard rate, well inside a day.
  apiUsageTiers: {
    standard: { ratePerSecond: 20, burst: 40, dailyQuota: 200_000 },
    bulk: { ratePerSecond: 50, burst: 100, dailyQuota: 1_000_000 },
  },
  retainData: true,
} as const satisfies ProvinceConfig;
