/**
 * Secondary outputs (HTML, ITF, Markdown summary, badges, JUnit): the flags that ask for
 * them, and one writer that runs after the verdict is printed. Every requested file is
 * attempted; one that cannot be written costs the run exit 2 with one sentence naming the
 * flag, the path and why, after all the others are written. Each output's content is made
 * only when its flag is given, so a heavy library behind it is loaded only then.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fsReason, makeDirectory } from '../../conformance/history/files-on-disk.js';
import type { Io } from './command.js';
import type { Flag } from './flags.js';
import { SUMMARY_FLAG } from './output-flags.js';
import { forTerminal } from './render/escape.js';

/** One file a run was asked for. */
export interface Output {
  /** The flag that asked for it, e.g. `--html`. */
  readonly flag: string;
  readonly path: string;
  /** Append instead of replacing (the GitHub step summary collects every step's). */
  readonly append?: boolean;
  /** Its content, made only now. */
  readonly content: () => string | Promise<string>;
}

/** An output when its flag was given, else nothing. */
export function requested(flag: Pick<Flag, 'name'>, raw: unknown, content: () => string | Promise<string>): Output | undefined {
  return raw === undefined || raw === false ? undefined : { flag: flag.name, path: String(raw), content };
}

/**
 * The Markdown summary: to `--summary FILE` when given, else appended to the file GitHub
 * Actions names in `GITHUB_STEP_SUMMARY` when that is set.
 */
export function summaryOutput(raw: unknown, content: () => string | Promise<string>): Output | undefined {
  if (raw !== undefined) return { flag: SUMMARY_FLAG.name, path: String(raw), content };
  const env = process.env['GITHUB_STEP_SUMMARY'];
  return env ? { flag: '$GITHUB_STEP_SUMMARY', path: env, append: true, content } : undefined;
}

/**
 * Writes each output in turn and names each file written on stderr; returns `code`, or 2
 * when one could not be made or written (each such failure said in one sentence).
 */
export async function writeOutputs(command: string, code: number, outputs: readonly (Output | undefined)[], io: Io): Promise<number> {
  let failed = false;
  for (const o of outputs) {
    if (o === undefined) continue;
    try {
      const text = await o.content();
      makeDirectory(dirname(o.path));
      if (o.append) appendFileSync(o.path, text);
      else writeFileSync(o.path, text);
    } catch (e) {
      failed = true;
      io.err(`dnsplan ${command}: cannot write ${o.flag} ${forTerminal(o.path)}: ${forTerminal(fsReason(e))}`);
    }
  }
  return failed ? 2 : code;
}
