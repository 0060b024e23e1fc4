/**
 * A progress bar for the tools' long work: a bar redrawn in place on a terminal; a line every
 * tenth of the way otherwise (a CI log, a pipe), where redrawing would print every step.
 */
export function progressBar(write: (text: string) => void, isTerminal: boolean) {
  let lastTenth = -1;
  return (done: number, total: number, label: string): void => {
    const share = total === 0 ? 1 : done / total;
    if (isTerminal) {
      const width = 30;
      const filled = Math.round(share * width);
      write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(share * 100)}% ${label}   `);
      if (share === 1) write('\n');
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth !== lastTenth) write(`${label}\n`);
    lastTenth = tenth;
  };
}
