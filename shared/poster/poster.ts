import { qrPath } from '../qr.js';

/**
 * A poster as drawing steps on an A4 page in millimetres (210 × 297), which `posterSvg` and
 * `posterPng` both draw, so the two formats cannot drift apart. Every text is centred.
 */
export interface Poster {
  /** What a screen reader says for the whole poster. */
  label: string;
  items: PosterItem[];
}

export type PosterItem =
  | { kind: 'band'; y: number; height: number; fill: string }
  | { kind: 'text'; y: number; size: number; text: string; fill: string; bold?: boolean }
  | { kind: 'qr'; y: number; width: number; url: string };

export const PAGE = { width: 210, height: 297 } as const;

/** Chinese fonts print sharper than a browser's fallback; the list covers Linux, macOS and Windows. */
const FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif";
const CHINA_OFFSET_MS = 8 * 3600_000;

/** The last day a code works, as a worker in China reads the date: `2026年12月31日`. */
export function lastDay(expiresAt: number): string {
  const day = new Date(expiresAt * 1000 - 1 + CHINA_OFFSET_MS);
  return `${day.getUTCFullYear()}年${day.getUTCMonth() + 1}月${day.getUTCDate()}日`;
}

const escapeXml = (text: string) =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/**
 * The print-ready SVG of a poster: text as text (it prints sharp at any size and stays
 * selectable), the QR code as one path.
 */
export function posterSvg(poster: Poster): string {
  const centre = PAGE.width / 2;
  const draw = (item: PosterItem): string => {
    switch (item.kind) {
      case 'band':
        return `<rect y="${item.y}" width="${PAGE.width}" height="${item.height}" fill="${item.fill}"/>`;
      case 'text':
        return `<text x="${centre}" y="${item.y}" font-size="${item.size}" text-anchor="middle" fill="${item.fill}"${item.bold ? ' font-weight="bold"' : ''}>${escapeXml(item.text)}</text>`;
      case 'qr': {
        const qr = qrPath(item.url);
        return `<path transform="translate(${centre - item.width / 2} ${item.y}) scale(${item.width / qr.size})" d="${qr.d}" fill="#000" shape-rendering="crispEdges"/>`;
      }
    }
  };
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PAGE.width}mm" height="${PAGE.height}mm" viewBox="0 0 ${PAGE.width} ${PAGE.height}" font-family="${FONT}" role="img" aria-label="${escapeXml(poster.label)}">`,
    `<rect width="${PAGE.width}" height="${PAGE.height}" fill="#fff"/>`,
    ...poster.items.map(draw),
    `</svg>`,
  ].join('\n');
}
