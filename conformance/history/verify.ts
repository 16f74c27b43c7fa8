/**
 * `dnsplan verify`: checks a recorded history from any source, streaming, in bounded memory
 * (one line and the current state at a time). Every line is validated against its schema;
 * the first line that is not valid JSON, breaks its schema, is out of order or does not map
 * to an allowed step is reported by number. A history without a footer is checked as a
 * prefix and never called complete.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { constantsOf } from '../../spec/index.js';
import { HistoryChecker } from '../check-history.js';
import type { Level, Violation } from '../levels.js';
import { firstError, type HistoryFooter, type HistoryHeader, type HistoryStep } from '../protocol/index.js';

export interface VerifyResult {
  /** `checked`: every line was read and checked; `invalid`: a line is not a valid history line. */
  readonly status: 'checked' | 'invalid';
  /** Whether the file ends with a footer (otherwise it is a prefix of a history). */
  readonly complete: boolean;
  readonly lines: number;
  readonly steps: number;
  readonly header?: HistoryHeader;
  readonly footer?: HistoryFooter;
  /** The level the recorded steps keep (liveness is not judged from a recording). */
  readonly level: Level;
  /** Violations, each with the line it was found on. */
  readonly violations: readonly (Violation & { readonly line: number })[];
  /** Why the file is invalid, with the line number. */
  readonly invalid?: { readonly line: number; readonly reason: string };
  /** The protocol error the history ended with, if the implementation broke the protocol. */
  readonly error?: { readonly line: number; readonly lifecycle: string; readonly message: string };
}

export async function verifyFile(path: string): Promise<VerifyResult> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  let steps = 0;
  let header: HistoryHeader | undefined;
  let footer: HistoryFooter | undefined;
  let checker: HistoryChecker | undefined;
  let error: VerifyResult['error'];
  const violations: (Violation & { line: number })[] = [];
  const stepLine = new Map<number, number>();
  const result = (status: VerifyResult['status'], invalid?: VerifyResult['invalid']): VerifyResult => {
    for (const v of [...(checker?.unsafe.values() ?? []), checker?.refinement]) if (v) violations.push({ ...v, line: stepLine.get(v.step) ?? 1 });
    return {
      status,
      complete: footer !== undefined && invalid === undefined,
      lines: n,
      steps,
      ...(header ? { header } : {}),
      ...(footer ? { footer } : {}),
      level: checker?.level ?? 'none',
      violations: violations.sort((a, b) => a.line - b.line),
      ...(invalid ? { invalid } : {}),
      ...(error ? { error } : {}),
    };
  };
  try {
    for await (const text of lines) {
      n++;
      if (text.trim() === '') return result('invalid', { line: n, reason: 'an empty line' });
      let line: unknown;
      try {
        line = JSON.parse(text);
      } catch {
        return result('invalid', { line: n, reason: `not JSON: ${text.slice(0, 80)}` });
      }
      const type = (line as { type?: unknown }).type;
      if (footer !== undefined) return result('invalid', { line: n, reason: 'a line after the footer' });
      if (n === 1) {
        const why = firstError('HistoryHeader', line);
        if (why !== undefined) return result('invalid', { line: n, reason: `the first line must be a history header: ${why}` });
        header = line as HistoryHeader;
        const k = header.constants;
        checker = new HistoryChecker(
          constantsOf(header.specVariant, { enactors: k.enactors.length, endpoints: k.endpoints.length, maxPlan: k.maxPlan, keep: k.keep, collector: k.collector, crashes: k.crashes }),
          k.enactors,
          k.endpoints,
        );
        if (header.initial !== undefined) checker.initial(header.initial);
        stepLine.set(0, 1);
        continue;
      }
      if (type === 'step') {
        const why = firstError('HistoryStep', line);
        if (why !== undefined) return result('invalid', { line: n, reason: `not a valid step: ${why}` });
        const s = line as HistoryStep;
        if (error !== undefined) return result('invalid', { line: n, reason: 'a step after the protocol error' });
        if (header!.initial === undefined) return result('invalid', { line: n, reason: 'a step, but the header has no initial observation (the reset failed)' });
        if (s.index !== steps + 1) return result('invalid', { line: n, reason: `step ${s.index} where step ${steps + 1} was due (a step is missing or repeated)` });
        steps++;
        stepLine.set(s.index, n);
        checker!.step(s.index, s.event, s.observation);
        continue;
      }
      if (type === 'error') {
        const why = firstError('HistoryError', line);
        if (why !== undefined) return result('invalid', { line: n, reason: `not a valid error line: ${why}` });
        const e = line as { lifecycle: string; message: string };
        error = { line: n, lifecycle: e.lifecycle, message: e.message };
        continue;
      }
      if (type === 'footer') {
        const why = firstError('HistoryFooter', line);
        if (why !== undefined) return result('invalid', { line: n, reason: `not a valid footer: ${why}` });
        footer = line as HistoryFooter;
        if (footer.steps !== steps) return result('invalid', { line: n, reason: `the footer counts ${footer.steps} steps, the file has ${steps}` });
        continue;
      }
      return result('invalid', { line: n, reason: `unknown line type ${JSON.stringify(type)}` });
    }
  } catch (e) {
    return result('invalid', { line: n + 1, reason: `cannot read the file: ${(e as Error).message}` });
  }
  if (n === 0) return result('invalid', { line: 1, reason: 'the file is empty' });
  return result('checked');
}
