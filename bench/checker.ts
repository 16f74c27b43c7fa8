/**
 * Model checker benchmark, on the ladder of configurations in the expected-results table
 * (spec/verdicts.ts: the default `fixed` row and every row marked `rung`). Each rung runs as
 * the real command, `dnsplan check ... --json`, in its own process, timed from spawn to exit
 * (process start included) and with its own peak memory, in three modes: safety properties
 * only; every property, liveness included; every property under `--symmetry` (where
 * `Converges` rests on its progress measure alone). On the 5.3 M rung a
 * fourth, `cycles`, is every property with `--search-cycles`: what `Converges` costs when its
 * fair cycles are searched for rather than ruled out by its progress measure. Rows: distinct (and,
 * under symmetry, the states the orbits stand for), generated, depth, wall and CPU seconds,
 * distinct and generated states per second of wall time, bytes per distinct state (the store
 * plus the liveness analysis), peak RSS, and seconds per million states, which shows how time
 * grows with states.
 *
 * Each mode runs with one worker (`--workers 1`) and with all the machine's cores
 * (`--workers N`), the same counts both ways. The 5.3 M rung with every property and every
 * core, the issue's speed target, runs five times: its verdict is the median's.
 * `BENCH_RUNGS=1,2` runs only those rungs (numbered from 1), and `BENCH_MODES=safety` only
 * those modes, for a brief measurement.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_SHAPE, EXPECTED_RESULTS, type ExpectedResult, type Shape } from '../spec/index.js';

const ROOT = resolve(import.meta.dirname, '..');

/** The ladder: the default fixed row, then the table's rungs in order. */
export const LADDER: readonly ExpectedResult[] = EXPECTED_RESULTS.filter(
  (r) => r.rung || (r.variant === 'fixed' && JSON.stringify(r.shape) === JSON.stringify(DEFAULT_SHAPE)),
);

/** TLC with one worker on the 5.3 M rung (3 enactors, 3 endpoints, MaxPlan 6, Keep 2, crashes), on these machines. */
export const TLC_RUNG = { distinctPerSecond: 40_529 };

type Mode = 'safety' | 'liveness' | 'symmetry' | 'cycles';
const MODES: readonly Mode[] = ['safety', 'liveness', 'symmetry', 'cycles'];

/** Distinct states of the rung the issue's targets name (3 enactors, 3 endpoints, MaxPlan 6, Keep 2, crashes). */
const TARGET_RUNG = 5_307_670;

interface Measured {
  readonly distinct: number;
  readonly represented: number;
  readonly generated: number;
  readonly depth: number;
  readonly wall: number;
  readonly cpu: number;
  readonly bytes: number;
  readonly peakRss: number;
  readonly outcome: string;
}

function shapeArgs(s: Shape): string[] {
  return [
    '--enactors', String(s.enactors), '--endpoints', String(s.endpoints), '--max-plan', String(s.maxPlan), '--keep', String(s.keep),
    ...(s.collector ? [] : ['--no-collector']),
    ...(s.crashes ? ['--crashes'] : []),
  ];
}

/** The machine's cores, up to the 64 threads `--workers` takes. */
const CORES = Math.min(64, availableParallelism());
/** One worker, then every core. */
const WORKERS = [...new Set([1, CORES])];

function run(row: ExpectedResult, mode: Mode, workers: number): Measured {
  const every = mode !== 'safety';
  const props = every ? [] : ['--invariant', 'RecordNeverEmpty', '--invariant', 'NoActivePlanDeleted', '--invariant', 'NoStaleOverwrite'];
  const args = ['check', '--variant', row.variant, ...shapeArgs(row.shape), ...props, ...(mode === 'symmetry' ? ['--symmetry'] : []), ...(mode === 'cycles' ? ['--search-cycles'] : []), '--workers', String(workers), '--json', '--quiet', '--max-memory', '16'];
  const started = performance.now();
  const r = spawnSync(process.execPath, [resolve(ROOT, 'bin/dnsplan.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const wall = (performance.now() - started) / 1000;
  const out = JSON.parse(r.stdout) as { outcome: string; stats: { distinct: number; represented: number; generated: number; depth: number; cpuSeconds: number; storeBytes: number; livenessBytes: number; peakRssBytes: number } };
  const s = out.stats;
  return {
    distinct: s.distinct,
    represented: s.represented,
    generated: s.generated,
    depth: s.depth,
    wall,
    cpu: s.cpuSeconds,
    bytes: s.storeBytes + s.livenessBytes,
    peakRss: s.peakRssBytes,
    outcome: out.outcome,
  };
}

export async function benchChecker(): Promise<string[]> {
  execFileSync(process.execPath, [resolve(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
  const only = (process.env['BENCH_RUNGS'] ?? '').split(',').filter(Boolean).map(Number);
  const modes = (process.env['BENCH_MODES'] ?? '').split(',').filter(Boolean);
  const lines = [
    'model checker (dnsplan check --json as a process, wall time from spawn to exit)',
    '  rung  constants (E P MaxPlan Keep crash)  mode      wk    distinct    represented     generated  depth   wall s    cpu s  distinct/s  generated/s  B/state  peak RSS  s per M',
  ];
  for (const [i, row] of LADDER.entries()) {
    if (only.length > 0 && !only.includes(i + 1)) continue;
    const s = row.shape;
    const k = `${s.enactors} ${s.endpoints} ${s.maxPlan} ${s.keep} ${s.crashes ? 'yes' : 'no'}`;
    // Every run of a rung stands for the same states, and those without symmetry take the same
    // steps, whatever the mode and the threads: a rung the table has no counts for is held to its first run.
    let first: { readonly represented: number; readonly generated?: number; readonly depth: number } | undefined;
    for (const mode of MODES) {
      if (row.symmetryOnly && mode !== 'symmetry') continue;
      if (mode === 'cycles' && row.counts?.distinct !== TARGET_RUNG) continue;
      if (modes.length > 0 && !modes.includes(mode)) continue;
      for (const workers of WORKERS) {
        const m = run(row, mode, workers);
        const expected = row.counts?.distinct;
        const plain = mode !== 'symmetry';
        first ??= { represented: m.represented, ...(plain ? { generated: m.generated } : {}), depth: m.depth };
        const same = m.represented === first.represented && m.depth === first.depth && (!plain || first.generated === undefined || m.generated === first.generated);
        const check =
          expected !== undefined
            ? m.represented === expected
              ? '  (= table)'
              : `  (table says ${fmt(expected, 0)}!)`
            : same
              ? ''
              : `  (the rung's first run counted ${fmt(first.represented, 0)} states${first.generated === undefined ? '' : `, ${fmt(first.generated, 0)} generated`}, depth ${first.depth}!)`;
        lines.push(
          `  ${String(i + 1).padStart(4)}  ${k.padEnd(34)} ${mode.padEnd(9)} ${String(workers).padStart(2)} ${fmt(m.distinct, 11)} ${fmt(m.represented, 14)} ${fmt(m.generated, 13)} ${String(m.depth).padStart(6)} ${m.wall.toFixed(1).padStart(8)} ${m.cpu.toFixed(1).padStart(8)} ${fmt(m.distinct / m.wall, 11)} ${fmt(m.generated / m.wall, 12)} ${(m.bytes / m.distinct).toFixed(1).padStart(8)} ${(m.peakRss / 2 ** 20).toFixed(0).padStart(5)} MiB ${(m.wall / (m.distinct / 1e6)).toFixed(2).padStart(8)}  ${m.outcome}${check}`,
        );
        if (expected === TARGET_RUNG && mode === 'liveness') {
          lines.push(`        vs TLC one worker on this rung: ${(m.distinct / m.wall / TLC_RUNG.distinctPerSecond).toFixed(1)}x distinct/s of wall time, every property included, ${workers} worker${workers === 1 ? '' : 's'}`);
          if (workers === CORES) lines.push(target(row, m));
        }
      }
    }
  }
  return lines;
}

/** Runs of the target rung that its figure is the median of: one run varies with the machine's load. */
const TARGET_RUNS = 5;

/**
 * The issue's target, 1,000,000 distinct states per second of wall time with every property
 * on the 5.3 M rung and every core, judged on the median of TARGET_RUNS runs (`m` and more).
 */
function target(row: ExpectedResult, m: Measured): string {
  const walls = [m.wall];
  // The extra runs are held to the first one's counts, as every run of a rung is.
  let differ = 0;
  while (walls.length < TARGET_RUNS) {
    const again = run(row, 'liveness', CORES);
    if (again.represented !== m.represented || again.generated !== m.generated || again.depth !== m.depth) differ++;
    walls.push(again.wall);
  }
  const sorted = [...walls].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const rate = (wall: number) => fmt(m.distinct / wall, 0);
  const met = m.distinct / median >= 1_000_000 ? 'met' : 'not met';
  return `        target 1,000,000 distinct/s, every property, ${CORES} workers: ${met} by the median of ${walls.length} runs, ${median.toFixed(2)} s (${rate(median)}/s); fastest ${sorted[0]!.toFixed(2)} s (${rate(sorted[0]!)}/s); all ${walls.map((w) => w.toFixed(2)).join(', ')} s${differ === 0 ? '' : `  (${differ} of them counted other states or steps than the first!)`}`;
}

function fmt(n: number, w: number): string {
  return Math.round(n).toLocaleString('en-US').padStart(w);
}
