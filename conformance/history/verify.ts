/**
 * `dnsplan verify`: checks a recorded history from any source, streaming, in bounded memory
 * (one read buffer, the current line and the current spec state at a time). Every line is
 * validated: a step line in the plain form `conform` writes is read in place by the
 * StepScanner; any other line goes through JSON.parse and its JSON Schema. The first line
 * that is not valid JSON, breaks its schema or is out of order ends the check and is reported
 * by number; violations of the spec are reported with the line that shows them. A history
 * without a footer is checked as a prefix and never called complete.
 */
import { open } from 'node:fs/promises';
import { constantsOf } from '../../spec/index.js';
import { disagreement, servedBy } from '../channels.js';
import { HistoryChecker } from '../check-history.js';
import type { Level, Violation } from '../levels.js';
import { firstError, type HistoryFooter, type HistoryHeader, type HistoryStep, type Observation } from '../protocol/index.js';
import { observationProblem } from '../observation-endpoints.js';
import { StepScanner } from './scan.js';

export interface VerifyResult {
  /** `checked`: every line was read and checked; `invalid`: a line is not a valid history line. */
  readonly status: 'checked' | 'invalid';
  /** Whether the file ends with a footer (otherwise it is a prefix of a history). */
  readonly complete: boolean;
  readonly lines: number;
  readonly steps: number;
  readonly header?: HistoryHeader;
  readonly footer?: HistoryFooter;
  /** The level the recorded steps keep; `live` only when the footer marks the fair tail and the records converged. */
  readonly level: Level;
  /** The first violation of each kind, each with the line that shows it. */
  readonly violations: readonly Violation[];
  /** Why the file is invalid, with the line number. */
  readonly invalid?: { readonly line: number; readonly reason: string };
  /** The protocol error the history ended with, if the implementation broke the protocol. */
  readonly error?: { readonly line: number; readonly lifecycle: string; readonly message: string };
}

/** The longest line read; a longer one is reported rather than buffered. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;
const CHUNK_BYTES = 1 << 20;
const NEWLINE = 10;

/** Checks the history file at `path`. */
export async function verifyFile(path: string): Promise<VerifyResult> {
  const v = new HistoryVerifier();
  let file;
  try {
    file = await open(path, 'r');
  } catch (e) {
    return v.fail(1, `cannot read the file: ${(e as Error).message}`);
  }
  // `buffer[0, filled)` holds unread bytes: the start of a line whose end has not been read yet.
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES + 1);
  let filled = 0;
  try {
    for (;;) {
      if (filled === buffer.length - 1) {
        if (buffer.length - 1 >= MAX_LINE_BYTES) return v.fail(v.lines + 1, `a line longer than ${MAX_LINE_BYTES} bytes`);
        const bigger = Buffer.allocUnsafe(2 * (buffer.length - 1) + 1);
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const { bytesRead } = await file.read(buffer, filled, buffer.length - 1 - filled, null);
      const end = filled + bytesRead;
      let start = 0;
      for (let nl = buffer.indexOf(NEWLINE, filled); nl >= 0 && nl < end; nl = buffer.indexOf(NEWLINE, start)) {
        if (!v.bytes(buffer, start, nl)) return v.result();
        start = nl + 1;
      }
      if (bytesRead === 0) {
        // The last line has no newline: give it one, so that a line always ends with one.
        buffer[end] = NEWLINE;
        if (end > start && !v.bytes(buffer, start, end)) return v.result();
        break;
      }
      buffer.copy(buffer, 0, start, end);
      filled = end - start;
    }
  } catch (e) {
    return v.fail(v.lines + 1, `cannot read the file: ${(e as Error).message}`);
  } finally {
    await file.close();
  }
  return v.result();
}

/**
 * A history checked line by line as it arrives; `line` says whether to go on. For files use
 * `verifyFile`; this is for histories from elsewhere (a socket, a test).
 */
export class HistoryVerifier {
  lines = 0;
  steps = 0;
  private header: HistoryHeader | undefined;
  private footer: HistoryFooter | undefined;
  private checker: HistoryChecker | undefined;
  /** Convergence after the marked fair tail: `live`, or the Converges violation. */
  private converges: Violation | 'live' | undefined;
  private scanner: StepScanner | undefined;
  private error: VerifyResult['error'];
  private invalid: VerifyResult['invalid'];

  /**
   * Checks the line `b[start, end)`, UTF-8 bytes followed by a newline at `b[end]`; false when
   * the history is invalid there.
   */
  bytes(b: Buffer, start: number, end: number): boolean {
    if (end > start && b[end - 1] === 13) end--;
    if (this.scanner !== undefined && this.error === undefined && this.footer === undefined) {
      const event = this.scanner.step(b, start, end);
      if (event !== undefined) {
        const n = ++this.lines;
        const index = this.scanner.index;
        if (index !== this.steps + 1) return this.reject(n, outOfOrder(index, this.steps + 1));
        this.steps = index;
        this.checker!.stepSeen(index, event);
        return true;
      }
      this.scanner.forget();
    }
    return this.line(b.toString('utf8', start, end));
  }

  /** Checks one line of text (without its newline); false when the history is invalid there. */
  line(raw: string): boolean {
    const n = ++this.lines;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (raw.trim() === '') return this.reject(n, 'an empty line');
    let line: unknown;
    try {
      line = JSON.parse(raw);
    } catch {
      return this.reject(n, `not JSON: ${raw.slice(0, 80)}`);
    }
    if (this.footer !== undefined) return this.reject(n, 'a line after the footer');
    if (n === 1) return this.headerLine(line);
    const type = typeof line === 'object' && line !== null ? (line as { type?: unknown }).type : undefined;
    if (type === 'step') return this.stepLine(n, line);
    if (type === 'error') {
      const why = firstError('HistoryError', line);
      if (why !== undefined) return this.reject(n, `not a valid error line: ${why}`);
      const e = line as { lifecycle: string; message: string };
      this.error = { line: n, lifecycle: e.lifecycle, message: e.message };
      return true;
    }
    if (type === 'footer') {
      const why = firstError('HistoryFooter', line);
      if (why !== undefined) return this.reject(n, `not a valid footer: ${why}`);
      this.footer = line as HistoryFooter;
      if (this.footer.steps !== this.steps) return this.reject(n, `the footer counts ${this.footer.steps} steps, the file has ${this.steps}`);
      const fair = this.footer.fairFrom;
      if (fair !== undefined && fair > this.steps + 1) return this.reject(n, `the footer's fair tail starts at step ${fair}, after the last step ${this.steps}`);
      // With the fair tail marked, a run that kept refines is judged live on its last observation.
      if (fair !== undefined && this.footer.outcome === 'completed' && this.error === undefined && this.checker?.level === 'refines') this.converges = this.checker.convergedSeen(this.steps) ?? 'live';
      return true;
    }
    if (type === 'header') return this.reject(n, 'a second header');
    return this.reject(n, `unknown line type ${JSON.stringify(type)}`);
  }

  /** The verdict so far. */
  result(): VerifyResult {
    const invalid = this.invalid ?? (this.lines === 0 ? { line: 1, reason: 'the file is empty' } : undefined);
    return {
      status: invalid === undefined ? 'checked' : 'invalid',
      complete: this.footer !== undefined && invalid === undefined,
      lines: this.lines,
      steps: this.steps,
      ...(this.header ? { header: this.header } : {}),
      ...(this.footer ? { footer: this.footer } : {}),
      level: this.converges === 'live' ? 'live' : (this.checker?.level ?? 'none'),
      violations: [...(this.checker?.violations() ?? []), ...(this.converges !== undefined && this.converges !== 'live' ? [this.converges] : [])],
      ...(invalid ? { invalid } : {}),
      ...(this.error ? { error: this.error } : {}),
    };
  }

  /** The result of a history found invalid at line `line`. */
  fail(line: number, reason: string): VerifyResult {
    this.reject(line, reason);
    return this.result();
  }

  private reject(line: number, reason: string): false {
    this.invalid ??= { line, reason };
    return false;
  }

  private headerLine(line: unknown): boolean {
    const why = firstError('HistoryHeader', line);
    if (why !== undefined) return this.reject(1, `the first line must be a history header: ${why}`);
    const header = line as HistoryHeader;
    const k = header.constants;
    this.header = header;
    this.checker = new HistoryChecker(
      constantsOf(header.specVariant, { enactors: k.enactors.length, endpoints: k.endpoints.length, maxPlan: k.maxPlan, keep: k.keep, collector: k.collector, crashes: k.crashes }),
      k.enactors,
      k.endpoints,
    );
    if (header.initial !== undefined) {
      const problem = observationProblem(header.initial, k.endpoints);
      if (problem !== undefined) return this.reject(1, `the initial observation: ${problem}`);
      this.channels(0, header.initial);
      this.checker.initial(header.initial);
      this.scanner = new StepScanner(k.enactors, k.endpoints, this.checker.seen);
    }
    return true;
  }

  private stepLine(n: number, line: unknown): boolean {
    const why = firstError('HistoryStep', line);
    if (why !== undefined) return this.reject(n, `not a valid step: ${why}`);
    const s = line as HistoryStep;
    if (this.error !== undefined) return this.reject(n, 'a step after the protocol error');
    if (this.header?.initial === undefined) return this.reject(n, 'a step, but the header has no initial observation (the reset failed)');
    if (s.index !== this.steps + 1) return this.reject(n, outOfOrder(s.index, this.steps + 1));
    const problem = observationProblem(s.observation, this.header.constants.endpoints);
    if (problem !== undefined) return this.reject(n, problem);
    this.steps = s.index;
    this.channels(s.index, s.observation);
    this.checker!.step(s.index, s.event, s.observation);
    return true;
  }

  /** A two-channel observation (`conform --observe`): the implementation's word and the served answer must agree. */
  private channels(index: number, o: Observation): void {
    const d = disagreement(o, this.header!.constants.endpoints, servedBy(this.header!.observer));
    if (d !== undefined) this.checker!.disagree(index, d.message, d.claimed, d.served);
  }
}

function outOfOrder(index: number, due: number): string {
  return `step ${index} where step ${due} was due (a step is missing or repeated)`;
}
