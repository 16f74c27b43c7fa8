/**
 * `dnsplan verify` of a history archive (`runs.jsonl.gz`, written by `conform`): gzip members
 * whose lines are, for each run, a run line (schema `history-archive-run`) followed by that
 * run's history. Read streaming, in bounded memory; every run's history is judged as any
 * history file is, by its own HistoryVerifier, and the run line is validated too: nothing in
 * the file is trusted. Damage (a cut-off or corrupt member) ends the reading; the runs read
 * whole before it are still judged, and the damage names the run it hit.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { firstError, type HistoryArchiveRun } from '../protocol/index.js';
import { HistoryVerifier, MAX_LINE_BYTES, type VerifyResult } from './verify.js';

/** The first two bytes of every gzip file. */
export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** One run of an archive: its run line (what the harness said) and the verdict on its history. */
export interface ArchivedRun {
  readonly line: HistoryArchiveRun;
  readonly result: VerifyResult;
}

export interface ArchiveResult {
  /** The runs judged, in order (with `only`, at most that one). */
  readonly runs: readonly ArchivedRun[];
  /** How many run lines were read. */
  readonly seen: number;
  /**
   * Why the archive could not be read to its end: the run it hit (absent when no run line was
   * read), whether that run's history was whole before it (`after`: the damage is after it),
   * and what is wrong. The run it hit is not judged unless it was whole.
   */
  readonly damage?: { readonly run?: number; readonly after: boolean; readonly reason: string };
}

const STEP = Buffer.from('{"type":"step"');
/**
 * Compressed bytes read at a time. Small, because a chunk that holds damage yields nothing:
 * the runs decompressed from the chunks before it are judged, so damage is pinned to within
 * a few kilobytes of history.
 */
const CHUNK_BYTES = 1024;

/** Checks the archive at `path`: every run, or only run `only`. */
export async function verifyArchive(path: string, only?: number): Promise<ArchiveResult> {
  const runs: ArchivedRun[] = [];
  let seen = 0;
  let current: { line: HistoryArchiveRun; verifier: HistoryVerifier; judged: boolean; open: boolean } | undefined;
  let damage: ArchiveResult['damage'];
  let archiveLine = 0;
  const finish = () => {
    if (current?.judged) runs.push({ line: current.line, result: headerAgrees(current.line, current.verifier.result()) });
    current = undefined;
  };
  const stop = (reason: string) => {
    damage = { ...(current === undefined ? {} : { run: current.line.run }), after: false, reason };
    current = undefined;
    return false;
  };
  /** One line `b[start, end)` (a newline at `b[end]`); false to stop reading. */
  const line = (b: Buffer, start: number, end: number): boolean => {
    archiveLine++;
    if (current !== undefined && b.compare(STEP, 0, STEP.length, start, Math.min(end, start + STEP.length)) === 0) {
      if (current.judged && current.open) current.open = current.verifier.bytes(b, start, end);
      return true;
    }
    const text = b.toString('utf8', start, end);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed === 'object' && parsed !== null && (parsed as { type?: unknown }).type === 'run') {
      const why = firstError('HistoryArchiveRun', parsed);
      if (why !== undefined) return stop(`line ${archiveLine} is not a valid run line: ${why}`);
      if (current !== undefined && only !== undefined && current.judged) {
        finish();
        return false;
      }
      finish();
      seen++;
      const run = parsed as HistoryArchiveRun;
      const judged = only === undefined || run.run === only;
      current = { line: run, verifier: new HistoryVerifier(), judged, open: judged };
      return true;
    }
    if (current === undefined) return stop(`line ${archiveLine} is not a run line (an archive starts with one before each run's history)`);
    if (current.judged && current.open) current.open = current.verifier.bytes(b, start, end);
    return true;
  };

  const source = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const gunzip = createGunzip();
  source.on('error', (e) => gunzip.destroy(e));
  source.pipe(gunzip);
  let carry: Buffer = Buffer.alloc(0);
  let reading = true;
  try {
    for await (const piece of gunzip as AsyncIterable<Buffer>) {
      const b: Buffer = carry.length === 0 ? piece : Buffer.concat([carry, piece]);
      let start = 0;
      for (let nl = b.indexOf(10); nl >= 0; nl = b.indexOf(10, start)) {
        if (!line(b, start, nl)) {
          reading = false;
          break;
        }
        start = nl + 1;
      }
      if (!reading) break;
      carry = b.subarray(start);
      if (carry.length > MAX_LINE_BYTES) {
        stop(`line ${archiveLine + 1} is longer than ${MAX_LINE_BYTES} bytes`);
        reading = false;
        break;
      }
    }
    if (reading && carry.length > 0) {
      // The last line has no newline: give it one.
      const b = Buffer.concat([carry, Buffer.from('\n')]);
      line(b, 0, b.length - 1);
    }
    if (reading) finish();
  } catch (e) {
    const whole = current !== undefined && current.verifier.result().complete;
    const run = current?.line.run;
    if (whole) finish();
    current = undefined;
    damage = { ...(run === undefined ? {} : { run }), after: whole, reason: gzipReason(e) };
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  return { runs, seen, ...(damage === undefined ? {} : { damage }) };
}

/** A run's history must be the run its run line names. */
function headerAgrees(line: HistoryArchiveRun, r: VerifyResult): VerifyResult {
  if (r.header === undefined || r.header.run === line.run || r.invalid !== undefined) return r;
  return { ...r, status: 'invalid', complete: false, invalid: { line: 1, reason: `the run line names run ${line.run}, the history's header run ${r.header.run}` } };
}

/** What a gzip error means, in words. */
function gzipReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'Z_BUF_ERROR') return 'it is cut off (unexpected end of the compressed data)';
  if (code === 'Z_DATA_ERROR') return `its compressed data is corrupt (${(e as Error).message})`;
  return `it cannot be read: ${(e as Error).message}`;
}
