import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/** Pixels a side of each glyph's bitmap (the em box of the font). */
export const GLYPH_CELL = 32;
/**
 * The bitmap font's file, beside this module in the source tree and beside the bundle in a
 * deployed function (the stack copies it: a route's `files` in its service manifest).
 */
export const GLYPHS_FILE = 'glyphs.bin';

/** What a poster route's function reads at run time, for its manifest's `files`. */
export const POSTER_FILES = [`shared/poster/${GLYPHS_FILE}`] as const;

export interface Glyph {
  /** Pixels to the next glyph's origin at `GLYPH_CELL` size. */
  advance: number;
  /** Whether the pixel at column `x`, row `y` of the cell is ink (0 outside the cell). */
  ink(x: number, y: number): 0 | 1;
}

export interface GlyphFont {
  /** The glyph of one character; undefined for one outside the font (GB 2312 and ASCII). */
  glyph(char: string): Glyph | undefined;
}

let loaded: GlyphFont | undefined;

/**
 * The posters' bitmap font (written by `make-glyphs.ts`), read on first use so a function that
 * never draws a PNG never pays for it: about 400 KB on disk, 1 MB once inflated.
 */
export function glyphFont(): GlyphFont {
  loaded ??= parseGlyphs(inflateRawSync(readFileSync(new URL(GLYPHS_FILE, import.meta.url))));
  return loaded;
}

function parseGlyphs(data: Buffer): GlyphFont {
  const count = data.readUInt16LE(0);
  const bitmapBytes = (GLYPH_CELL * GLYPH_CELL) / 8;
  const codes = new Uint16Array(count);
  for (let i = 0; i < count; i++) codes[i] = data.readUInt16LE(2 + 2 * i);
  const find = (code: number) => {
    let low = 0;
    let high = count - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (codes[mid] === code) return mid;
      if (codes[mid]! < code) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  };
  return {
    glyph(char) {
      const index = find(char.charCodeAt(0));
      if (index < 0 || char.length !== 1) return undefined;
      const base = 2 + 3 * count + index * bitmapBytes;
      return {
        advance: data[2 + 2 * count + index]!,
        ink: (x, y) => {
          if (x < 0 || y < 0 || x >= GLYPH_CELL || y >= GLYPH_CELL) return 0;
          const bit = y * GLYPH_CELL + x;
          return ((data[base + (bit >> 3)]! >> (bit & 7)) & 1) as 0 | 1;
        },
      };
    },
  };
}
