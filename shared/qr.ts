import { create } from 'qrcode/lib/core/qrcode.js';

/** Light modules around the symbol, as ISO/IEC 18004 asks, so phones find its edges on a busy wall. */
export const QR_QUIET_ZONE = 4;

/** A QR symbol as one SVG path: `size` modules a side (quiet zone included), one unit a module. */
export interface QrPath {
  size: number;
  /** `d` of a path whose dark modules are unit squares, in module units. */
  d: string;
}

/**
 * The QR code of `text` as a single SVG path, so a poster (the orgs service) and the member's
 * e-card (the join page) draw it the same way at any scale. Error correction `M` (15%): a
 * printed poster survives a scuff or a fold.
 *
 * @example
 * const { size, d } = qrPath('https://example.org/join?token=…');
 * `<svg viewBox="0 0 ${size} ${size}"><path d="${d}"/></svg>`;
 */
export function qrPath(text: string): QrPath {
  const { size, dark } = qrModules(text);
  const steps: string[] = [];
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (dark(row, col)) steps.push(`M${col} ${row}h1v1h-1z`);
    }
  }
  return { size, d: steps.join('') };
}

/**
 * The modules of `text`'s QR symbol, quiet zone included (`size` a side), for drawing it as
 * pixels (a PNG poster). Error correction `M`, as `qrPath`.
 */
export function qrModules(text: string): { size: number; dark(row: number, col: number): boolean } {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const inner = modules.size;
  return {
    size: inner + 2 * QR_QUIET_ZONE,
    dark: (row, col) => {
      const r = row - QR_QUIET_ZONE;
      const c = col - QR_QUIET_ZONE;
      return r >= 0 && c >= 0 && r < inner && c < inner && Boolean(modules.get(r, c));
    },
  };
}
