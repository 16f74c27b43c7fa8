/**
 * A history file: JSON Lines, append-only, each line written and flushed as it happens, so
 * whatever happens to the run, the file holds every step up to it. A header, one line per
 * step, an error line if the implementation broke the protocol, and a footer; a file without
 * a footer is a prefix and is never called complete.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HistoryError, HistoryFooter, HistoryHeader, HistoryStep } from '../protocol/index.js';

export type HistoryLine = HistoryHeader | HistoryStep | HistoryError | HistoryFooter;

export class HistoryWriter {
  private fd: number | undefined;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'w');
  }

  write(line: HistoryLine): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
