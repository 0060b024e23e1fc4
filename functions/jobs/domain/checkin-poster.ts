import { lastDay, type Poster } from '../../../shared/poster/poster.js';
import type { Fair } from './fair.js';

const CHINA_OFFSET_MS = 8 * 3600_000;

/** When a fair runs, as a worker in China reads it: `12月8日 14:00-18:00` (ASCII hyphens: GB 2312, the PNG font, has no en dash; both days when it spans midnight). */
export function fairTimes(startsAt: string, endsAt: string): string {
  const local = (iso: string) => new Date(Date.parse(iso) + CHINA_OFFSET_MS);
  const day = (date: Date) => `${date.getUTCMonth() + 1}月${date.getUTCDate()}日`;
  const time = (date: Date) => `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
  const [start, end] = [local(startsAt), local(endsAt)];
  return day(start) === day(end) ? `${day(start)} ${time(start)}-${time(end)}` : `${day(start)} ${time(start)} - ${day(end)} ${time(end)}`;
}

/**
 * The A4 poster at a fair's entrance: the organizing union, the fair's title, a call to check
 * in, the QR code of the check-in URL, where and when, and the last day the code works (the
 * fair's end). Drawn as SVG or PNG by shared/poster, like a join-link poster.
 */
export function checkinPoster(fair: Pick<Fair, 'title' | 'venue' | 'startsAt' | 'endsAt'>, orgName: string, url: string): Poster {
  return {
    label: `${fair.title} 扫码签到`,
    items: [
      { kind: 'band', y: 0, height: 62, fill: '#c8102e' },
      { kind: 'text', y: 22, size: 8, text: orgName, fill: '#fff' },
      { kind: 'text', y: 38, size: 10, text: fair.title, fill: '#fff' },
      { kind: 'text', y: 54, size: 11, text: '入场扫码签到', fill: '#fff', bold: true },
      { kind: 'text', y: 78, size: 7, text: '签到后可向展位登记求职意向，工会全程陪伴', fill: '#000' },
      { kind: 'qr', y: 88, width: 150, url },
      { kind: 'text', y: 253, size: 7, text: fair.venue, fill: '#000' },
      { kind: 'text', y: 268, size: 6, text: fairTimes(fair.startsAt, fair.endsAt), fill: '#333' },
      { kind: 'text', y: 284, size: 6, text: `本码有效期至 ${lastDay(Date.parse(fair.endsAt) / 1000)}`, fill: '#333' },
    ],
  };
}
