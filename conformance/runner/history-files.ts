/**
 * The history files of one conformance run, in its history directory: every run writes
 * `history.jsonl`, one file kept open and emptied between runs; a run worth keeping (the
 * first failure, a broken one) is renamed away, and the next run starts a fresh file. With
 * no directory nothing is written.
 */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { fsReason } from '../history/files-on-disk.js';
import { HistoryWriter } from '../history/writer.js';

export const SCRATCH = 'history.jsonl';

export class HistoryFiles {
  /** Files kept, by role: `fail`, `min`, `broken`, `last`. */
  readonly kept: Record<string, string> = {};
  /**
   * One sentence per history file that could not be made or written, by path: the run goes
   * on without it and the report names it after the verdict.
   */
  readonly unwritten = new Map<string, string>();
  private scratch: HistoryWriter | undefined;

  constructor(readonly dir: string | undefined) {}

  path(name: string): string | undefined {
    return this.dir === undefined ? undefined : join(this.dir, name);
  }

  /**
   * Runs `write` with a writer for the file `name` (the scratch file by default), or with
   * none when there is no directory. A named file is closed afterwards.
   */
  async with<T>(write: (writer: HistoryWriter | undefined) => Promise<T>, name = SCRATCH): Promise<T> {
    const path = this.path(name);
    if (path === undefined) return write(undefined);
    if (name !== SCRATCH) {
      const writer = new HistoryWriter(path);
      try {
        return await write(writer);
      } finally {
        writer.close();
        this.check(writer);
      }
    }
    if (this.scratch === undefined) this.scratch = new HistoryWriter(path);
    else this.scratch.restart();
    try {
      return await write(this.scratch);
    } finally {
      this.check(this.scratch);
    }
  }

  private check(writer: HistoryWriter): void {
    if (writer.failure !== undefined && !this.unwritten.has(writer.path)) {
      this.unwritten.set(writer.path, `could not write the history ${writer.path}: ${fsReason(writer.failure)}`);
    }
  }

  /** Keeps the file `from` as `to`, under `role`. */
  keep(role: string, from: string, to: string): void {
    const a = this.path(from);
    const b = this.path(to);
    if (a === undefined || b === undefined) return;
    if (from === SCRATCH) this.close();
    if (this.unwritten.has(a)) return;
    try {
      renameSync(a, b);
      this.kept[role] = b;
    } catch (error) {
      this.unwritten.set(b, `could not keep the history ${a} as ${b}: ${fsReason(error)}`);
    }
  }

  /** Notes a file written under its own name. */
  note(role: string, name: string): void {
    const path = this.path(name);
    if (path !== undefined && !this.unwritten.has(path)) this.kept[role] = path;
  }

  close(): void {
    this.scratch?.close();
    this.scratch = undefined;
  }
}
