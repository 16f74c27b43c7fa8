/**
 * A history file: JSON Lines, append-only, each line written and flushed as it happens, so
 * whatever happens to the run, the file holds every step up to it. A header, one line per
 * step, an error line if the implementation broke the protocol, and a footer; a file without
 * a footer is a prefix and is never called complete.
 */
import { closeSync, ftruncateSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HistoryError, HistoryFooter, HistoryHeader, HistoryStep } from '../protocol/index.js';

export type HistoryLine = HistoryHeader | HistoryStep | HistoryError | HistoryFooter;

export class HistoryWriter {
  private fd: number | undefined;

  /** Creates the file, or empties it when it exists. */
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    // Append mode: every write lands at the end, which after `restart` is the start again.
    this.fd = openSync(path, 'a');
    ftruncateSync(this.fd, 0);
  }

  /** Writes one line and hands it to the operating system before returning. */
  write(line: HistoryLine): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
  }

  /**
   * Empties the file for the next history, keeping it open. Runs that are not kept reuse one
   * file this way: reopening it with truncation costs about a millisecond on ext4, which
   * flushes a file truncated to zero when it is closed, and would dominate a fast run.
   */
  restart(): void {
    if (this.fd !== undefined) ftruncateSync(this.fd, 0);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
