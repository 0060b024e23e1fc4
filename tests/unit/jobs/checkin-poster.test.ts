import { describe, expect, it } from 'vitest';
import { checkinPoster, fairTimes } from '../../../functions/jobs/domain/checkin-poster.js';
import { posterSvg } from '../../../shared/poster/poster.js';

describe('fairTimes()', () => {
  it('reads a fair\'s hours in China time, with the day once', () => {
    expect(fairTimes('2026-12-08T06:00:00Z', '2026-12-08T10:30:00Z')).toBe('12月8日 14:00-18:30');
  });

  it('names both days of a fair that runs past midnight in China', () => {
    expect(fairTimes('2026-12-08T12:00:00Z', '2026-12-08T17:00:00Z')).toBe('12月8日 20:00 - 12月9日 01:00');
  });
});

describe('checkinPoster()', () => {
  const fair = { title: '夜班岗位专场', venue: '思明区工人文化宫', startsAt: '2026-12-08T06:00:00Z', endsAt: '2026-12-08T10:00:00Z' };

  it('shows the union, the fair, where, when and the code\'s last day', () => {
    const svg = posterSvg(checkinPoster(fair, '思明区总工会', 'https://join.example.cn/fairs/f1/checkin?token=t'));
    for (const text of ['思明区总工会', '夜班岗位专场', '入场扫码签到', '思明区工人文化宫', '12月8日 14:00-18:00', '本码有效期至 2026年12月8日']) expect(svg).toContain(text);
  });

  it('escapes a title that would break out of the SVG', () => {
    expect(posterSvg(checkinPoster({ ...fair, title: '<b>专场</b>' }, '工会', 'u'))).toContain('&lt;b&gt;专场&lt;/b&gt;');
  });
});
