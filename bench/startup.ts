/**
 * Process start: wall time of the compiled `dnsplan` from spawn to exit, against `node -e 0`
 * (what Node itself costs), for --help, --version and the shortest race, which should print in
 * well under a third of a second. Measured on the build `npm ci` makes (rebuilt first), never
 * through tsx.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = resolve(ROOT, 'bin/dnsplan.js');
const RUNS = 15;

/** What is timed: a label and the arguments given to node. */
const CASES: readonly [string, readonly string[], number][] = [
  ['node -e 0', ['-e', '0'], 0],
  ['dnsplan --version', [BIN, '--version'], 0],
  ['dnsplan --help', [BIN, '--help'], 0],
  ['dnsplan check --variant aws-2025 --no-collector --invariant RecordNeverEmpty', [BIN, 'check', '--variant', 'aws-2025', '--no-collector', '--invariant', 'RecordNeverEmpty'], 1],
];

/** The race's target, process start included, on a quiet machine. */
export const RACE_TARGET_S = 0.3;

function wall(args: readonly string[], expected: number): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== expected) throw new Error(`node ${args.join(' ')} exited ${r.status}, expected ${expected}: ${r.stderr}`);
  return seconds;
}

export async function benchStartup(): Promise<string[]> {
  execFileSync(process.execPath, [resolve(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
  const load = loadavg().map((l) => l.toFixed(1)).join(', ');
  const lines = [
    `process start (compiled build; wall time from spawn to exit, ${RUNS} runs each after one warm-up; load average ${load}: on a busy machine the minimum is the fairer figure)`,
    '  command                                                                    median    min       max    median over node -e 0',
  ];
  let base = 0;
  for (const [label, args, expected] of CASES) {
    wall(args, expected);
    const times = Array.from({ length: RUNS }, () => wall(args, expected)).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    if (label === 'node -e 0') base = median;
    const over = label === 'node -e 0' ? '' : `+${(median - base).toFixed(3)} s`;
    lines.push(`  ${label.padEnd(74)} ${median.toFixed(3)} s ${times[0]!.toFixed(3)} s ${times[times.length - 1]!.toFixed(3)} s  ${over}`);
    if (label.startsWith('dnsplan check')) {
      lines.push(`  the race: median ${median.toFixed(3)} s, fastest ${times[0]!.toFixed(3)} s, against the ${RACE_TARGET_S} s target for a quiet machine`);
    }
  }
  return lines;
}
