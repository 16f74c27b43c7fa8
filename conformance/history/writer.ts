/**
 * A history file: JSON Lines, append-only, each line written and flushed as it happens, so
 * whatever happens to the run, the file holds every step up to it. A header, one line per
 * step, an error line if the implementation broke the protocol, and a footer; a file without
 * a footer is a prefix and is never called complete.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HistoryError, HistoryFooter, HistoryHeader, HistoryStep } from '../protocol/index.js';
import { makeDirectory } from './files-on-disk.js';
import { jsonText } from './json-text.js';

export type HistoryLine = HistoryHeader | HistoryStep | HistoryError | HistoryFooter;

/**
 * One history file. A file that cannot be made or written (no permission, a full disk, a file
 * where the directory should be) does not end the run: the first error is kept in `failure`,
 * for the report to name after the verdict, the file is cut back to its last whole line, and
 * nothing more is written to it.
 */
export class HistoryWriter {
  private fd: number | undefined;
  /** Bytes of whole lines written since the last restart. */
  private size = 0;
  /** The first error making or writing the file; once set, nothing more is written. */
  failure: unknown;
  /** With `remember`: every line given since the last restart, whether or not the file took it. */
  private readonly given: Buffer[] | undefined;

  /**
   * Creates the file, or empties it when it exists. With `remember` the writer also keeps the
   * current history's lines in memory, for `text` (a run archived after it ends).
   */
  constructor(
    readonly path: string,
    remember = false,
  ) {
    this.given = remember ? [] : undefined;
    try {
      makeDirectory(dirname(path));
      // Append mode: every write lands at the end, which after `restart` is the start again.
      this.fd = openSync(path, 'a');
      if (fstatSync(this.fd).size > 0) ftruncateSync(this.fd, 0);
    } catch (error) {
      this.fail(error);
    }
  }

  /** Writes one line and hands it to the operating system before returning. */
  write(line: HistoryLine): void {
    if (this.fd === undefined && this.given === undefined) return;
    const text = Buffer.from(`${jsonText(line)}\n`);
    this.given?.push(text);
    if (this.fd === undefined) return;
    try {
      const written = writeSync(this.fd, text);
      if (written !== text.length) throw Object.assign(new Error('ENOSPC: a short write'), { code: 'ENOSPC' });
      this.size += written;
    } catch (error) {
      // A torn last line would make the whole file invalid: cut it back to the whole lines.
      try {
        ftruncateSync(this.fd, this.size);
      } catch {
        // the lines already written stay; the torn one is reported with the failure
      }
      this.fail(error);
    }
  }

  /**
   * Empties the file for the next history, keeping it open. Runs that are not kept reuse one
   * file this way: reopening it with truncation costs about a millisecond on ext4, which
   * flushes a file truncated to zero when it is closed, and would dominate a fast run.
   */
  restart(): void {
    this.given?.splice(0);
    if (this.fd === undefined) return;
    try {
      ftruncateSync(this.fd, 0);
      this.size = 0;
    } catch (error) {
      this.fail(error);
    }
  }

  /** The current history's lines, as bytes (with `remember`; empty otherwise). */
  text(): Buffer {
    return Buffer.concat(this.given ?? []);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    this.close();
  }
}
