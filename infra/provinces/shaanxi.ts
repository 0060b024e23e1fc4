import type { ProvinceConfig } from './schema.js';

/** 陕西省: Ningxia region; its issuer publishes keys away from the well-known path. */
export const shaanxi = {
  key: 'shaanxi',
  name: '陕西省',
  code: '61',
  awsRegion: 'cn-northwest-1',
  jwt: { issuer: 'https://id.sn.union.example.cn', audience: 'union-services', jwksUrl: 'https://id.sn.union.example.cn/keys' },
  joinLinkBaseUrl: 'https://join.sn.union.example.cn/j',
  retainData: true,
} as const satisfies ProvinceConfig;
