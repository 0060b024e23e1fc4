import { deflateSync } from 'node:zlib';
import { qrModules } from '../qr.js';
import { GLYPH_CELL, glyphFont, type GlyphFont } from './glyphs.js';
import { PAGE, type Poster, type PosterItem } from './poster.js';

/** A4 at 150 dpi: sharp enough for a phone screen, a chat message or an office printer. */
export const PNG_WIDTH = 1240;
/** Texts wider than this share of the page are drawn smaller to fit (a long org name). */
const MAX_TEXT_WIDTH = 196;

type Rgb = readonly [number, number, number];

const rgb = (hex: string): Rgb => {
  const value = Number.parseInt(hex.slice(1), 16);
  return hex.length === 4
    ? [((value >> 8) & 15) * 17, ((value >> 4) & 15) * 17, (value & 15) * 17]
    : [(value >> 16) & 255, (value >> 8) & 255, value & 255];
};

/** An RGB canvas with the few things a poster draws: filled rectangles and blended ink. */
class Canvas {
  readonly pixels: Uint8Array;
  constructor(readonly width: number, readonly height: number) {
    this.pixels = new Uint8Array(width * height * 3).fill(255);
  }

  fill(x0: number, y0: number, x1: number, y1: number, color: Rgb): void {
    for (let y = Math.max(0, Math.round(y0)); y < Math.min(this.height, Math.round(y1)); y++) {
      for (let x = Math.max(0, Math.round(x0)); x < Math.min(this.width, Math.round(x1)); x++) this.pixels.set(color, (y * this.width + x) * 3);
    }
  }

  blend(x: number, y: number, color: Rgb, alpha: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || alpha <= 0) return;
    const at = (y * this.width + x) * 3;
    for (let c = 0; c < 3; c++) this.pixels[at + c] = Math.round(this.pixels[at + c]! * (1 - alpha) + color[c]! * alpha);
  }
}

/**
 * One line of text centred on the page, from the bitmap font scaled with bilinear sampling (the
 * 1-bit glyphs come out with soft edges). A character outside the font is drawn as an empty box,
 * visibly missing rather than silently dropped.
 */
function drawText(canvas: Canvas, font: GlyphFont, item: Extract<PosterItem, { kind: 'text' }>, unit: number): void {
  const chars = [...item.text];
  const advances = chars.map((char) => font.glyph(char)?.advance ?? GLYPH_CELL);
  const naturalWidth = advances.reduce((sum, advance) => sum + advance, 0) / GLYPH_CELL;
  const size = Math.min(item.size, MAX_TEXT_WIDTH / Math.max(naturalWidth, 1e-9)) * unit;
  const scale = size / GLYPH_CELL;
  const color = rgb(item.fill);
  // The cell's top sits 0.88 em above the baseline (where make-glyphs.ts drew it).
  const top = item.y * unit - 0.88 * size;
  let left = (PAGE.width * unit - naturalWidth * size) / 2;
  chars.forEach((char, i) => {
    const glyph = font.glyph(char);
    const width = advances[i]! * scale;
    if (!glyph) {
      const inset = size * 0.1;
      const box = [left + inset, top + size * 0.12, left + width - inset, top + size * 0.88] as const;
      const line = Math.max(1, size * 0.06);
      canvas.fill(box[0], box[1], box[2], box[1] + line, color);
      canvas.fill(box[0], box[3] - line, box[2], box[3], color);
      canvas.fill(box[0], box[1], box[0] + line, box[3], color);
      canvas.fill(box[2] - line, box[1], box[2], box[3], color);
    } else {
      for (let y = Math.floor(top); y < Math.ceil(top + size); y++) {
        for (let x = Math.floor(left); x < Math.ceil(left + size); x++) {
          const sx = (x + 0.5 - left) / scale - 0.5;
          const sy = (y + 0.5 - top) / scale - 0.5;
          const x0 = Math.floor(sx);
          const y0 = Math.floor(sy);
          const fx = sx - x0;
          const fy = sy - y0;
          const coverage =
            glyph.ink(x0, y0) * (1 - fx) * (1 - fy) + glyph.ink(x0 + 1, y0) * fx * (1 - fy) + glyph.ink(x0, y0 + 1) * (1 - fx) * fy + glyph.ink(x0 + 1, y0 + 1) * fx * fy;
          canvas.blend(x, y, color, coverage);
        }
      }
    }
    left += width;
  });
}

function drawQr(canvas: Canvas, item: Extract<PosterItem, { kind: 'qr' }>, unit: number): void {
  const { size, dark } = qrModules(item.url);
  // Whole pixels a module, so every module is the same size and a camera reads a clean grid.
  const module = Math.floor((item.width * unit) / size);
  const left = Math.round((PAGE.width * unit - module * size) / 2);
  const top = Math.round(item.y * unit);
  const black: Rgb = [0, 0, 0];
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (dark(row, col)) canvas.fill(left + col * module, top + row * module, left + (col + 1) * module, top + (row + 1) * module, black);
    }
  }
}

/**
 * The poster as a PNG (A4 at 150 dpi, RGB), drawn from the same steps as its SVG with the
 * bundled bitmap font (docs/adr/0027). Encoded with Node's zlib: no native module, no wasm.
 */
export function posterPng(poster: Poster, width = PNG_WIDTH): Buffer {
  const unit = width / PAGE.width;
  const canvas = new Canvas(width, Math.round(PAGE.height * unit));
  const font = glyphFont();
  for (const item of poster.items) {
    if (item.kind === 'band') canvas.fill(0, item.y * unit, canvas.width, (item.y + item.height) * unit, rgb(item.fill));
    else if (item.kind === 'text') drawText(canvas, font, item, unit);
    else drawQr(canvas, item, unit);
  }
  return encodePng(canvas.width, canvas.height, canvas.pixels);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 255]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A truecolour 8-bit PNG (RFC 2083): each row unfiltered, the whole image deflated once. */
export function encodePng(width: number, height: number, rgbPixels: Uint8Array): Buffer {
  const rowBytes = width * 3;
  const raw = Buffer.alloc((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgbPixels.subarray(y * rowBytes, (y + 1) * rowBytes), y * (rowBytes + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}
