import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { GLYPH_CELL, GLYPHS_FILE } from './glyphs.js';

/**
 * Writes `glyphs.bin`, the bitmap font of PNG posters (docs/adr/0027): every character of
 * GB 2312 (the 6,763 hanzi of both levels and its punctuation) and printable ASCII, drawn by
 * Chromium's canvas in Noto Sans CJK SC Bold (SIL OFL 1.1) at one size, one bit a pixel.
 * Run once when the character set or the size changes (`npm run poster-glyphs`, needs Debian's
 * `chromium` and `fonts-noto-cjk`); the output is committed, so builds and Lambda never need either.
 *
 * File layout (deflated as a whole): `u16 count`, `count` ascending `u16` code points, `count`
 * `u8` advance widths in pixels, then `count` bitmaps of `GLYPH_CELL²` bits, row-major, LSB first.
 */
function characters(): string[] {
  const gb2312 = new TextDecoder('gbk');
  const found = new Set<string>();
  for (let c = 0x20; c < 0x7f; c++) found.add(String.fromCharCode(c));
  // GB 2312 rows 1-9 (symbols) and 16-87 (hanzi) in EUC-CN; rows 10-15 are unassigned.
  for (let row = 0xa1; row <= 0xf7; row++) {
    if (row >= 0xaa && row <= 0xaf) continue;
    for (let cell = 0xa1; cell <= 0xfe; cell++) {
      const char = gb2312.decode(new Uint8Array([row, cell]));
      if (char.length === 1 && char !== '\ufffd') found.add(char);
    }
  }
  return [...found].sort((a, b) => a.charCodeAt(0) - b.charCodeAt(0));
}

const chars = characters();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
const drawn = await page.evaluate(({ chars, cell }) => {
  // Runs in the page; the project compiles without the DOM's types.
  const canvas = (globalThis as any).document.createElement('canvas');
  canvas.width = canvas.height = cell;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.font = `bold ${cell}px "Noto Sans CJK SC"`;
  return chars.map((char: string) => {
    context.clearRect(0, 0, cell, cell);
    // Noto CJK's ascent is 0.88 em: the baseline there puts the em box in the cell.
    context.fillText(char, 0, Math.round(cell * 0.88));
    const alpha = context.getImageData(0, 0, cell, cell).data;
    const bits: number[] = [];
    for (let i = 3; i < alpha.length; i += 4) bits.push(alpha[i]! >= 128 ? 1 : 0);
    return { advance: Math.round(context.measureText(char).width), bits };
  });
}, { chars, cell: GLYPH_CELL });
await browser.close();

const bitmapBytes = (GLYPH_CELL * GLYPH_CELL) / 8;
const out = Buffer.alloc(2 + chars.length * (3 + bitmapBytes));
out.writeUInt16LE(chars.length, 0);
chars.forEach((char, i) => {
  out.writeUInt16LE(char.charCodeAt(0), 2 + 2 * i);
  out[2 + 2 * chars.length + i] = Math.min(255, drawn[i]!.advance);
  const base = 2 + 3 * chars.length + i * bitmapBytes;
  drawn[i]!.bits.forEach((bit, j) => {
    if (bit) out[base + (j >> 3)]! |= 1 << (j & 7);
  });
});
const file = resolve(import.meta.dirname, GLYPHS_FILE);
writeFileSync(file, deflateRawSync(out, { level: 9 }));
console.log(`${chars.length} glyphs of ${GLYPH_CELL} px written to ${file}`);
