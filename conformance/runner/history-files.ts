/**
 * The history files of one conformance run, in its history directory: every run writes
 * `history.jsonl`, one file kept open and emptied between runs; a run worth keeping (the
 * first failure, a broken one) is renamed away, and the next run starts a fresh file. With
 * no directory nothing is written.
 */
import { renameSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fsReason, makeDirectory } from '../history/files-on-disk.js';
import { HistoryWriter } from '../history/writer.js';
import { lockHistoryDir } from './history-lock.js';

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
  /** The runs kept by `rotate`, oldest first. */
  private readonly rotated: string[] = [];
  private release: (() => void) | undefined;

  /**
   * `keepRuns` is how many of the latest runs' histories to keep besides the failing ones,
   * each in its own file under `runs/`; 0 keeps only the last. The directory is locked
   * against a second harness process (HistoryDirBusyError).
   */
  constructor(
    readonly dir: string | undefined,
    readonly keepRuns = 0,
  ) {
    if (dir !== undefined) this.release = lockHistoryDir(dir);
  }

  /**
   * After a run that was not kept under a role: with `keepRuns`, moves its history to
   * `runs/run-<n>.jsonl` and deletes the oldest such file beyond the bound.
   */
  rotate(run: number): void {
    const from = this.path(SCRATCH);
    if (this.keepRuns === 0 || from === undefined || this.scratch === undefined) return;
    this.close();
    const to = this.path(join('runs', `run-${run}.jsonl`))!;
    try {
      makeDirectory(dirname(to));
      renameSync(from, to);
    } catch (error) {
      this.unwritten.set(to, `could not keep the history ${from} as ${to}: ${fsReason(error)}`);
      return;
    }
    this.rotated.push(to);
    while (this.rotated.length > this.keepRuns) {
      const old = this.rotated.shift()!;
      try {
        unlinkSync(old);
      } catch {
        // already gone: nothing to bound
      }
    }
  }

  /** Notes the newest history a run left as `last`: the scratch file, or the last one rotated away. */
  noteLast(): void {
    const rotated = this.rotated[this.rotated.length - 1];
    if (this.scratch === undefined && rotated !== undefined) this.kept['last'] = rotated;
    else this.note('last', SCRATCH);
  }

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

  /** Closes the files and releases the directory's lock. */
  dispose(): void {
    this.close();
    this.release?.();
    this.release = undefined;
  }
}
