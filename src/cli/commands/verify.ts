import pc from 'picocolors';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { SAFETY_PROPERTIES, isGzip, rank, verifyArchive, verifyFile, type ArchiveResult, type Violation, type VerifyResult } from '../../../conformance/index.js';
import type { Io, Runnable } from '../command.js';
import { jsonText } from '../../../conformance/history/json-text.js';
import { integerFlag } from '../flags.js';
import { forTerminal } from '../render/escape.js';
import { count } from '../render/numbers.js';
import { writeOutputs } from '../outputs.js';
import { verifyOutputs } from '../render/report-verify.js';
import { replayLine } from '../replay.js';
import { verify } from '../table/verify.js';
import { UsageError } from '../usage-error.js';

type Verdict = 'holds' | 'violated' | 'broken' | 'incomplete' | 'invalid';

export const verifyCommand: Runnable = {
  async run(args, o, io) {
    const file = args[0]!;
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`dnsplan verify: no such file: ${forTerminal(file)}`);
    const only = o['run'] === undefined ? undefined : integerFlag('verify', '--run', o['run'], 0, Number.MAX_SAFE_INTEGER);
    const archive = isGzip(head(file));
    if (only !== undefined && !archive) throw new UsageError(`dnsplan verify: --run K picks a run of an archive (runs.jsonl.gz), and ${forTerminal(file)} is a single history`);
    if (archive && (o['html'] !== undefined || o['itf'] !== undefined || o['summary'] !== undefined)) throw new UsageError('dnsplan verify: --html, --itf and --summary draw a single history file, not a run of an archive');
    const replay = replayLine('verify', verify.flags, o, { args: [file] });
    if (!archive) return judged(file, forTerminal(file), await verifyFile(file), o, io, replay);
    const a = await verifyArchive(file, only);
    if (only === undefined) return summed(file, a, o, io, replay);
    const found = a.runs[0];
    if (found === undefined) {
      io.err(`dnsplan verify: ${a.damage === undefined ? `${forTerminal(file)} holds no run ${only} (it holds ${count(a.seen)} run${a.seen === 1 ? '' : 's'})` : damaged(file, a, a.damage, only)}`);
      io.err(pc.dim(`replay with: ${forTerminal(replay)}`));
      return 2;
    }
    const code = await judged(file, `${forTerminal(file)}, run ${only}`, found.result, o, io, replay, { run: only, claimed: found.line.verdict });
    if (a.damage === undefined) return code;
    io.err(`dnsplan verify: ${damaged(file, a, a.damage, only)}`);
    return 2;
  },
};

/** The first bytes of `file`, to tell an archive (gzip) from a history file. */
function head(file: string): Buffer {
  const b = Buffer.alloc(2);
  const fd = openSync(file, 'r');
  try {
    return b.subarray(0, readSync(fd, b, 0, 2, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * A history is judged whole only when it ends with the footer of a completed run; the file a
 * killed or aborted run leaves is a prefix, and a prefix never passes.
 */
function verdictOf(r: VerifyResult): Verdict {
  const finished = r.complete && r.footer?.outcome === 'completed';
  return r.status === 'invalid' ? 'invalid' : r.error !== undefined ? 'broken' : r.violations.length > 0 ? 'violated' : finished ? 'holds' : 'incomplete';
}

const CODES: Record<Verdict, number> = { holds: 0, violated: 1, broken: 2, incomplete: 2, invalid: 2 };

function prefixOf(r: VerifyResult): string {
  return `a prefix of ${r.steps} step${r.steps === 1 ? '' : 's'}; level ${r.level} held so far`;
}

/** The report on one history: a file, or one run of an archive (`run`, with what its run line `claimed`). */
async function judged(file: string, shown: string, r: VerifyResult, o: Record<string, unknown>, io: Io, replay: string, archived?: { run: number; claimed: string }): Promise<number> {
  const verdict = verdictOf(r);
  const code = CODES[verdict];
  const prefix = prefixOf(r);
  const finished = verdict === 'holds' || (r.complete && r.footer?.outcome === 'completed');
  if (o['json']) {
    io.out(jsonText({ format: 'dnsplan-verify/1', command: 'verify', file, ...(archived === undefined ? {} : { run: archived.run, claimed: archived.claimed }), verdict, ...r, ...(verdict === 'incomplete' ? { message: prefix } : {}), replay }));
    return writeOutputs('verify', code, verifyOutputs(o, file, verdict, r, replay), io);
  }
  const lines: string[] = [];
  const unfinished = r.footer === undefined ? 'no footer' : `the footer of an ${forTerminal(r.footer.outcome)} run`;
  const what = `${shown}: ${r.lines} lines, ${r.steps} steps${finished ? '' : ` (${unfinished}: a prefix of a history, not complete)`}`;
  if (r.invalid) lines.push(pc.red(`dnsplan verify: ${shown}, line ${r.invalid.line}: ${forTerminal(r.invalid.reason)}`));
  for (const v of r.violations) lines.push(pc.red(`line ${v.line} (step ${v.step}): ${v.property} (${v.level}): ${forTerminal(v.message)}`));
  if (r.error) lines.push(pc.red(`line ${r.error.line}: the implementation broke the protocol at ${forTerminal(r.error.lifecycle)}: ${forTerminal(r.error.message)}`));
  const liveness = r.level === 'live' ? '' : r.footer?.fairFrom === undefined ? ' (no fair tail is marked, so liveness is not judged)' : '';
  if (verdict === 'holds') lines.push(pc.green(`dnsplan verify: ${what}: level ${r.level} kept`) + pc.dim(liveness));
  else if (verdict === 'incomplete') lines.push(pc.yellow(`dnsplan verify: incomplete: ${what}: ${prefix}`));
  else lines.push(`dnsplan verify: ${what}; level kept: ${r.level}`);
  if (archived !== undefined && archived.claimed !== verdict) lines.push(pc.yellow(`the archive's run line says ${archived.claimed}; the history itself shows ${verdict}`));
  lines.push(pc.dim(`replay with: ${forTerminal(replay)}`));
  io.out(lines.join('\n'));
  return writeOutputs('verify', code, verifyOutputs(o, file, verdict, r, replay), io);
}

/** At most this many runs are listed one by one; the summary counts them all. */
const LISTED = 20;

/** Every run of an archive judged, summed up: the runs that did not hold listed, the worst verdict's exit code. */
function summed(file: string, a: ArchiveResult, o: Record<string, unknown>, io: Io, replay: string): number {
  const counts: Record<Verdict, number> = { holds: 0, violated: 0, broken: 0, incomplete: 0, invalid: 0 };
  const failing: { run: number; verdict: Verdict; r: VerifyResult }[] = [];
  const disagree: { run: number; claimed: string; verdict: Verdict }[] = [];
  for (const { line, result } of a.runs) {
    const verdict = verdictOf(result);
    counts[verdict]++;
    if (verdict !== 'holds') failing.push({ run: line.run, verdict, r: result });
    if (line.verdict !== verdict) disagree.push({ run: line.run, claimed: line.verdict, verdict });
  }
  const verdict: Verdict | 'damaged' =
    a.damage !== undefined ? 'damaged' : counts.invalid > 0 || a.runs.length === 0 ? 'invalid' : counts.violated > 0 ? 'violated' : counts.broken > 0 ? 'broken' : counts.incomplete > 0 ? 'incomplete' : 'holds';
  const code = verdict === 'damaged' ? 2 : CODES[verdict];
  if (o['json']) {
    io.out(
      jsonText({
        format: 'dnsplan-verify/1',
        command: 'verify',
        file,
        verdict,
        runs: a.runs.length,
        counts,
        failing: failing.map(({ run, verdict: v, r }) => ({ run, verdict: v, level: r.level, steps: r.steps, violations: r.violations, ...(r.invalid ? { invalid: r.invalid } : {}), ...(r.error ? { error: r.error } : {}) })),
        disagreements: disagree,
        ...(a.damage === undefined ? {} : { damage: { ...a.damage, message: damaged(file, a, a.damage) } }),
        replay,
      }),
    );
    if (a.damage !== undefined) io.err(`dnsplan verify: ${damaged(file, a, a.damage)}`);
    return code;
  }
  const lines: string[] = [];
  for (const { run, verdict: v, r } of failing.slice(0, LISTED)) lines.push(pc.red(`run ${run}: ${v}: ${detail(v, r)}`));
  if (failing.length > LISTED) lines.push(pc.red(`... and ${count(failing.length - LISTED)} more runs that did not hold (--json lists them all)`));
  for (const d of disagree.slice(0, LISTED)) lines.push(pc.yellow(`run ${d.run}: the archive's run line says ${d.claimed}; the history itself shows ${d.verdict}`));
  const parts = (Object.entries(counts) as [Verdict, number][]).filter(([, n]) => n > 0).map(([v, n]) => `${count(n)} ${v === 'holds' ? (n === 1 ? 'holds' : 'hold') : v}`);
  const sum = `dnsplan verify: ${forTerminal(file)}: ${count(a.runs.length)} run${a.runs.length === 1 ? '' : 's'} judged${parts.length === 0 ? '' : `: ${parts.join(', ')}`}`;
  lines.push(verdict === 'holds' ? pc.green(sum) : sum);
  lines.push(pc.dim(`replay with: ${forTerminal(replay)}`));
  io.out(lines.join('\n'));
  if (a.damage !== undefined) io.err(`dnsplan verify: ${damaged(file, a, a.damage)}`);
  return code;
}

/** Why one run did not hold, in one line. */
function detail(verdict: Verdict, r: VerifyResult): string {
  if (r.invalid) return `line ${r.invalid.line} of its history: ${forTerminal(r.invalid.reason)}`;
  if (r.error) return `the implementation broke the protocol at ${forTerminal(r.error.lifecycle)}: ${forTerminal(r.error.message)}`;
  const v = gravest(r.violations);
  if (verdict === 'violated' && v !== undefined) return `${v.property} (${v.level}) at step ${v.step}: ${forTerminal(v.message)}`;
  return prefixOf(r);
}

/** The violation a run is named by: the weakest level's, the outage first, as `conform` reports a run. */
function gravest(violations: readonly Violation[]): Violation | undefined {
  const g = (p: string) => ((SAFETY_PROPERTIES as readonly string[]).includes(p) ? (SAFETY_PROPERTIES as readonly string[]).indexOf(p) : SAFETY_PROPERTIES.length);
  return [...violations].sort((a, b) => rank(a.level) - rank(b.level) || g(a.property) - g(b.property))[0];
}

/** One sentence: which file is damaged, in which run, and what became of the runs before it. */
function damaged(file: string, a: ArchiveResult, d: NonNullable<ArchiveResult['damage']>, only?: number): string {
  const where = d.run === undefined ? 'before its first run' : d.after ? `after run ${d.run}` : `in run ${d.run}`;
  if (only !== undefined) return `the archive ${forTerminal(file)} is damaged ${where}: ${forTerminal(d.reason)}; ${a.runs.length === 0 ? `run ${only} is not in the part before it` : `run ${only}, read whole before it, is judged above`}`;
  const before = a.runs.length === 0 ? 'no run before it is whole' : `the ${count(a.runs.length)} run${a.runs.length === 1 ? '' : 's'} read whole before it ${a.runs.length === 1 ? 'is' : 'are'} judged`;
  return `the archive ${forTerminal(file)} is damaged ${where}: ${forTerminal(d.reason)}; ${before}`;
}
