/**
 * The history files of one conformance run, in its history directory: every run writes
 * `history.jsonl`, one file kept open and emptied between runs, and once judged is appended
 * to the archive `runs.jsonl.gz` (every run's history, compressed); a run worth keeping (the
 * first failure, a broken one) is also renamed away, and the next run starts a fresh file.
 * With no directory nothing is written.
 */
import { renameSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fsReason, makeDirectory } from '../history/files-on-disk.js';
import { HistoryWriter } from '../history/writer.js';
import type { ProtocolConstants } from '../protocol/index.js';
import type { RunRecord } from './execute.js';
import { ARCHIVE, HistoryArchive, archiveRunLine } from './history-archive.js';
import { lockHistoryDir } from './history-lock.js';

export const SCRATCH = 'history.jsonl';

export class HistoryFiles {
  /** Files kept, by role: `runs` (the archive of every run), `fail`, `min`, `broken`, `last`. */
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
  private readonly archive: HistoryArchive | undefined;

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
    if (dir !== undefined) this.archive = new HistoryArchive(join(dir, ARCHIVE));
  }

  /**
   * Appends the run just judged to the archive, from the scratch file's lines: call it before
   * the scratch file is kept or rotated away.
   */
  archiveRun(run: number, record: RunRecord, constants: ProtocolConstants): void {
    if (this.archive === undefined || this.scratch === undefined) return;
    this.archive.append(archiveRunLine(run, record, constants), this.scratch.text());
    this.kept['runs'] ??= this.archive.path;
  }

  /** Writes the archive's pending runs; a failure to write it is named, and it is no longer listed as kept. */
  flushArchive(): void {
    if (this.archive === undefined) return;
    this.archive.flush();
    if (this.archive.failure === undefined) return;
    delete this.kept['runs'];
    if (!this.unwritten.has(this.archive.path)) this.unwritten.set(this.archive.path, `could not write the archive of every run's history ${this.archive.path}: ${fsReason(this.archive.failure)}`);
  }

  /**
   * After a run that was not kept under a role: with `keepRuns`, moves its history to
   * `runs/run-<run>.jsonl` (the run its header names) and deletes the oldest such file beyond
   * the bound.
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
    if (this.scratch === undefined) this.scratch = new HistoryWriter(path, this.archive !== undefined);
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
    this.archive?.close();
    this.release?.();
    this.release = undefined;
  }
}
