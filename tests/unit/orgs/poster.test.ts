import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { joinPoster, type PosterContent } from '../../../functions/orgs/domain/poster.js';
import { lastDay, posterSvg as drawSvg } from '../../../shared/poster/poster.js';
import { qrPath, QR_QUIET_ZONE } from '../../../shared/qr.js';

const posterSvg = (content: PosterContent) => drawSvg(joinPoster(content));

describe('the join poster in SVG', () => {
  const content = { orgName: '思明区总工会', url: 'http://127.0.0.1:3000/join?token=abc.def', expiresAt: Date.UTC(2026, 11, 31, 16) / 1000 };

  it('escapes the org name and station, so a name cannot break out of the SVG', () => {
    const svg = posterSvg({ ...content, orgName: '<script>&"工会\'', station: 'a<b' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;&amp;&quot;工会&apos;');
    expect(svg).toContain('驿站：a&lt;b');
  });

  it('leaves the station line out for an org-wide link', () => {
    expect(posterSvg(content)).not.toContain('驿站');
  });

  it('draws the QR code of the link URL', () => {
    expect(posterSvg(content)).toContain(`d="${qrPath(content.url).d}"`);
  });

  it('says the org and the call to action to a screen reader', () => {
    expect(posterSvg(content)).toContain('aria-label="思明区总工会 扫码入会"');
  });
});

describe('lastDay()', () => {
  it('gives the last day the link works in China: a link expiring at midnight there worked the day before', () => {
    expect(lastDay(Date.UTC(2026, 11, 31, 16) / 1000)).toBe('2026年12月31日');
    expect(lastDay(Date.UTC(2026, 11, 31, 16, 0, 1) / 1000)).toBe('2027年1月1日');
  });
});

describe('qrPath()', () => {
  it('draws one unit square per dark module, inside the quiet zone', () => {
    const text = 'http://127.0.0.1:3000/join?token=xyz';
    const { modules } = create(text, { errorCorrectionLevel: 'M' });
    const { size, d } = qrPath(text);
    const squares = [...d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => [Number(m[1]), Number(m[2])] as const);

    expect(size).toBe(modules.size + 2 * QR_QUIET_ZONE);
    expect(squares.length).toBe([...modules.data].filter(Boolean).length);
    for (const [x, y] of squares) expect(modules.get(y - QR_QUIET_ZONE, x - QR_QUIET_ZONE)).toBeTruthy();
  });
});
