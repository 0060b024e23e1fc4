import { createRequire } from 'node:module';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { prefers } from '../../../shared/http/negotiate.js';
import { posterPng } from '../../../shared/poster/png.js';
import type { Poster } from '../../../shared/poster/poster.js';

const jsQR = (createRequire(import.meta.url)('jsqr') as typeof import('jsqr')).default;

const WIDTH = 420;
const poster = (text: string): Poster => ({ label: text, items: [{ kind: 'text', y: 20, size: 10, text, fill: '#000' }] });
/** Columns of the image that hold any ink. */
const inkedColumns = (png: Buffer) => {
  const image = PNG.sync.read(png);
  const columns = new Set<number>();
  for (let i = 0; i < image.width * image.height; i++) if (image.data[i * 4]! < 128) columns.add(i % image.width);
  return [...columns].sort((a, b) => a - b);
};

describe('posterPng()', () => {
  it('is a PNG any decoder reads, A4-shaped, whose QR code reads back', () => {
    const url = 'https://join.example.cn/join?token=abc.def-ghi';
    const image = PNG.sync.read(posterPng({ label: 'x', items: [{ kind: 'qr', y: 50, width: 150, url }] }, WIDTH));
    expect([image.width, image.height]).toEqual([WIDTH, 594]);
    expect(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(url);
  });

  it('centres a line of text on the page', () => {
    const columns = inkedColumns(posterPng(poster('思明区总工会'), WIDTH));
    expect(columns.length).toBeGreaterThan(0);
    expect(Math.abs(columns[0]! + columns.at(-1)! - WIDTH)).toBeLessThan(12);
  });

  it('draws a name too long for the page smaller, inside the page', () => {
    const columns = inkedColumns(posterPng(poster('福建省厦门市思明区莲前街道新就业形态劳动者联合工会第一分会'), WIDTH));
    expect(columns[0]).toBeGreaterThan(0);
    expect(columns.at(-1)).toBeLessThan(WIDTH - 1);
  });

  it('draws a character outside the font as a visible box, not as nothing', () => {
    // 㐀 (CJK extension A) is not in GB 2312.
    expect(inkedColumns(posterPng(poster('㐀'), WIDTH)).length).toBeGreaterThan(10);
  });
});

describe('prefers()', () => {
  it('takes the wanted type only when asked for at least as much as the usual one', () => {
    expect(prefers('image/png', 'image/png', 'image/svg+xml')).toBe(true);
    expect(prefers('image/svg+xml;q=0.4, image/png', 'image/png', 'image/svg+xml')).toBe(true);
    expect(prefers('image/png;q=0.5, image/svg+xml', 'image/png', 'image/svg+xml')).toBe(false);
    expect(prefers('*/*', 'image/png', 'image/svg+xml')).toBe(false);
    expect(prefers('image/png;q=0', 'image/png', 'image/svg+xml')).toBe(false);
    expect(prefers(undefined, 'image/png', 'image/svg+xml')).toBe(false);
  });
});
