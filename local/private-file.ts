import { closeSync, fchmodSync, openSync, writeSync } from 'node:fs';

/**
 * Writes `text` to `file` readable and writable by its owner only (mode 0600), also when the file
 * already exists with a wider mode: `open`'s mode applies only to a file it creates, so the mode
 * is set on the open descriptor, after truncation and before any of the new text is written.
 * For files that hold secrets, such as `.local/demo.json` with API keys and tokens.
 *
 * @example
 * writePrivateFile('.local/demo.json', JSON.stringify(demo, null, 2));
 */
export function writePrivateFile(file: string, text: string): void {
  const fd = openSync(file, 'w', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
