import { lastDay, type Poster } from '../../../shared/poster/poster.js';

/** What a join-link poster shows; all of it comes from the link's signed claims. */
export interface PosterContent {
  orgName: string;
  station?: string;
  /** The URL the QR code opens: the join page with the link's token. */
  url: string;
  /** Epoch seconds. */
  expiresAt: number;
}

/**
 * The A4 poster of a join link: the org's name, a call to action, the QR code of the link's URL,
 * the station it hangs in and the last day it works (drawn as SVG or PNG by shared/poster).
 */
export function joinPoster(content: PosterContent): Poster {
  return {
    label: `${content.orgName} 扫码入会`,
    items: [
      { kind: 'band', y: 0, height: 62, fill: '#c8102e' },
      { kind: 'text', y: 26, size: 9, text: content.orgName, fill: '#fff' },
      { kind: 'text', y: 48, size: 15, text: '扫码加入工会', fill: '#fff', bold: true },
      { kind: 'text', y: 78, size: 7, text: '快递员 · 外卖骑手 · 网约车司机 · 货车司机，一分钟入会', fill: '#000' },
      { kind: 'qr', y: 88, width: 150, url: content.url },
      ...(content.station ? [{ kind: 'text' as const, y: 253, size: 7, text: `驿站：${content.station}`, fill: '#000' }] : []),
      { kind: 'text', y: 268, size: 6, text: '用手机扫一扫，填写信息，验证手机号即可', fill: '#333' },
      { kind: 'text', y: 284, size: 6, text: `本码有效期至 ${lastDay(content.expiresAt)}`, fill: '#333' },
    ],
  };
}
