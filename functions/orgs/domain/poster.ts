import { qrPath } from '../../../shared/qr.js';

/** What a join-link poster shows; all of it comes from the link's signed claims. */
export interface PosterContent {
  orgName: string;
  station?: string;
  /** The URL the QR code opens: the join page with the link's token. */
  url: string;
  /** Epoch seconds. */
  expiresAt: number;
}

/** Chinese fonts print sharper than a browser's fallback; the list covers Linux, macOS and Windows. */
const FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif";
const CHINA_OFFSET_MS = 8 * 3600_000;

const escapeXml = (text: string) =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** The last day a link works, as a worker in China reads the date: `2026年12月31日`. */
export function expiryDate(expiresAt: number): string {
  const day = new Date(expiresAt * 1000 - 1 + CHINA_OFFSET_MS);
  return `${day.getUTCFullYear()}年${day.getUTCMonth() + 1}月${day.getUTCDate()}日`;
}

/**
 * A print-ready A4 poster (210 × 297 mm) of a join link: the org's name, a call to action, the
 * QR code of the link's URL, the station it hangs in and the last day it works. Pure SVG with
 * text as text, so it prints sharp at any size and the org's name stays selectable.
 */
export function posterSvg(content: PosterContent): string {
  const qr = qrPath(content.url);
  const qrWidth = 150;
  const scale = qrWidth / qr.size;
  const text = (y: number, size: number, body: string, extra = '') =>
    `<text x="105" y="${y}" font-size="${size}" text-anchor="middle"${extra}>${escapeXml(body)}</text>`;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297" font-family="${FONT}" role="img" aria-label="${escapeXml(`${content.orgName} 扫码入会`)}">`,
    `<rect width="210" height="297" fill="#fff"/>`,
    `<rect width="210" height="62" fill="#c8102e"/>`,
    text(26, 9, content.orgName, ' fill="#fff"'),
    text(48, 15, '扫码加入工会', ' fill="#fff" font-weight="bold"'),
    text(78, 7, '快递员 · 外卖骑手 · 网约车司机 · 货车司机，一分钟入会'),
    `<path transform="translate(${105 - qrWidth / 2} 88) scale(${scale})" d="${qr.d}" fill="#000" shape-rendering="crispEdges"/>`,
    ...(content.station ? [text(253, 7, `驿站：${content.station}`)] : []),
    text(268, 6, '用手机扫一扫，填写信息，验证手机号即可', ' fill="#333"'),
    text(284, 6, `本码有效期至 ${expiryDate(content.expiresAt)}`, ' fill="#333"'),
    `</svg>`,
  ].join('\n');
}
