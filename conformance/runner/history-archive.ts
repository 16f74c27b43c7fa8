/**
 * The archive of a conformance run's histories, `runs.jsonl.gz` in its history directory:
 * every run's history (a run line naming the run, then the history's lines, byte for byte),
 * appended in gzip members. Concatenated members are one valid gzip file, so appending is one
 * write at the end. A member holds the runs of up to 64 KiB of history or one second, whichever
 * comes first: compressing each run of a few kilobytes on its own costs about 50 µs, a tenth of
 * a fast run, for a fifth of the compression; a crash loses at most the runs of the member not
 * yet written (the run in progress is in `history.jsonl`, failing runs in their own files).
 * `dnsplan verify FILE --run K` judges one run of it, or every run without `--run`.
 */
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { formatSchedule } from '../schedule.js';
import { makeDirectory } from '../history/files-on-disk.js';
import { jsonText } from '../history/json-text.js';
import type { HistoryArchiveRun, ProtocolConstants } from '../protocol/index.js';
import type { RunRecord } from './execute.js';

export const ARCHIVE = 'runs.jsonl.gz';

/** The fastest compression: the runs of a member repeat each other's lines, which any level finds. */
const GZIP = { level: 1 } as const;
/** A member is written once its runs' histories reach this many bytes... */
const MEMBER_BYTES = 64 * 1024;
/** ...or this many milliseconds after its first run. */
const MEMBER_MS = 1000;

/** The run line of a finished run: what the harness judged it. */
export function archiveRunLine(run: number, record: RunRecord, constants: ProtocolConstants): HistoryArchiveRun {
  const verdict = record.stopped ? 'incomplete' : record.broken ? 'broken' : record.violations.length > 0 ? 'violated' : 'holds';
  return {
    type: 'run',
    run,
    schedule: formatSchedule(record.schedule),
    firstGeneration: record.firstGeneration,
    constants,
    verdict,
    level: record.level,
    steps: record.steps.length,
  };
}

/**
 * One archive file, created (or emptied) on the first member written. Like a history file, one
 * that cannot be made or written does not end the run: the first error is kept in `failure`,
 * the file is cut back to its last whole member, and nothing more is written to it.
 */
export class HistoryArchive {
  private fd: number | undefined;
  private opened = false;
  /** Bytes of whole members written. */
  private size = 0;
  /** The runs of the next member: run lines and histories, in order. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** When the next member's first run was appended. */
  private since = 0;
  failure: unknown;

  constructor(readonly path: string) {}

  /** Appends one run: its run line, then its history's bytes; writes a member when one is due. */
  append(line: HistoryArchiveRun, history: Buffer): void {
    if (this.failure !== undefined) return;
    const head = Buffer.from(`${jsonText(line)}\n`);
    if (this.pending.length === 0) this.since = performance.now();
    this.pending.push(head, history);
    this.pendingBytes += head.length + history.length;
    if (this.pendingBytes >= MEMBER_BYTES || performance.now() - this.since >= MEMBER_MS) this.flush();
  }

  /** Writes the runs appended since the last member as one gzip member. */
  flush(): void {
    if (this.pending.length === 0) return;
    const input = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.opened) this.open();
    if (this.fd === undefined) return;
    const member = gzipSync(input, GZIP);
    try {
      for (let at = 0; at < member.length; ) {
        const written = writeSync(this.fd, member, at);
        if (written === 0) throw Object.assign(new Error('ENOSPC: a short write'), { code: 'ENOSPC' });
        at += written;
      }
      this.size += member.length;
    } catch (error) {
      // A torn member would hide every run after it from a reader: cut it off.
      try {
        ftruncateSync(this.fd, this.size);
      } catch {
        // the members already written stay; the torn one is reported with the failure
      }
      this.fail(error);
    }
  }

  /** Writes what is pending and closes the file. */
  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): void {
    this.opened = true;
    try {
      makeDirectory(dirname(this.path));
      this.fd = openSync(this.path, 'w');
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    this.pending = [];
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
