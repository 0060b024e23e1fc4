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
  retainData: true,
} as const satisfies ProvinceConfig;
