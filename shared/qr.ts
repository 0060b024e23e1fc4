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
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const steps: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) steps.push(`M${col + QR_QUIET_ZONE} ${row + QR_QUIET_ZONE}h1v1h-1z`);
    }
  }
  return { size: modules.size + 2 * QR_QUIET_ZONE, d: steps.join('') };
}
