// The QR encoder alone: `qrcode`'s main entry also loads its PNG, terminal and file renderers
// (pngjs among them), which took the poster function over the 300 KB bundle budget.
declare module 'qrcode/lib/core/qrcode.js' {
  export { create } from 'qrcode';
}
