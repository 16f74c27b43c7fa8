/**
 * Model checker benchmark: distinct and generated states per second and bytes per distinct
 * state for the `fixed` protocol on a ladder of constants that grows past ten million
 * distinct states. Each rung runs in a child process, so its peak memory is its own.
 */
import { execFileSync } from 'node:child_process';
import { check, withProperties } from '../src/engine/index.js';
import { constantsOf, makeSpec, type Shape } from '../spec/index.js';

/** The ladder; the fourth rung is the one TLC's one-worker figures are given for. */
export const LADDER: readonly Shape[] = [
  { enactors: 3, endpoints: 1, maxPlan: 4, keep: 2, collector: true, crashes: false },
  { enactors: 3, endpoints: 2, maxPlan: 5, keep: 2, collector: true, crashes: false },
  { enactors: 3, endpoints: 3, maxPlan: 5, keep: 2, collector: true, crashes: true },
  { enactors: 3, endpoints: 3, maxPlan: 6, keep: 2, collector: true, crashes: true },
  { enactors: 3, endpoints: 3, maxPlan: 7, keep: 2, collector: true, crashes: true },
];

/** TLC with one worker on rung 4 (3 enactors, 3 endpoints, MaxPlan 6, Keep 2, crashes), on these machines. */
export const TLC_RUNG = { distinctPerSecond: 39_000, generatedPerSecond: 366_000 };

export interface RungResult {
  readonly shape: Shape;
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly seconds: number;
  readonly storeBytes: number;
  readonly peakRss: number;
}

/** One rung, in this process (the child's entry point). */
export function runRung(shape: Shape): RungResult {
  const spec = withProperties(makeSpec(constantsOf('fixed', shape)), ['RecordNeverEmpty', 'NoActivePlanDeleted', 'NoStaleOverwrite']);
  const r = check(spec);
  if (r.outcome.status !== 'holds') throw new Error(`fixed must hold on ${JSON.stringify(shape)}, got ${r.outcome.status}`);
  return { shape, distinct: r.stats.distinct, generated: r.stats.generated, depth: r.stats.depth, seconds: r.stats.seconds, storeBytes: r.stats.storeBytes, peakRss: r.stats.peakRssBytes };
}

export async function benchChecker(): Promise<string[]> {
  const lines = ['model checker (fixed; invariants and NoStaleOverwrite; one core)', '  rung  constants (E P MaxPlan Keep crash)   distinct      generated    depth  seconds  distinct/s   generated/s  B/state  peak RSS   s per M states'];
  for (const [i, shape] of LADDER.entries()) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, JSON.stringify(shape)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const r = JSON.parse(out) as RungResult;
    const k = `${shape.enactors} ${shape.endpoints} ${shape.maxPlan} ${shape.keep} ${shape.crashes ? 'yes' : 'no'}`;
    lines.push(
      `  ${String(i + 1).padStart(4)}  ${k.padEnd(34)} ${fmt(r.distinct, 11)} ${fmt(r.generated, 14)} ${String(r.depth).padStart(6)} ${r.seconds.toFixed(1).padStart(8)} ${fmt(r.distinct / r.seconds, 11)} ${fmt(r.generated / r.seconds, 13)} ${(r.storeBytes / r.distinct).toFixed(1).padStart(8)} ${(r.peakRss / 2 ** 20).toFixed(0).padStart(6)} MiB ${(r.seconds / (r.distinct / 1e6)).toFixed(2).padStart(10)}`,
    );
    if (i === 3) {
      lines.push(
        `        vs TLC one worker on this rung: ${(r.distinct / r.seconds / TLC_RUNG.distinctPerSecond).toFixed(1)}x distinct/s, ${(r.generated / r.seconds / TLC_RUNG.generatedPerSecond).toFixed(1)}x generated/s`,
      );
    }
  }
  return lines;
}

function fmt(n: number, w: number): string {
  return Math.round(n).toLocaleString('en-US').padStart(w);
}

if (process.argv[1] === import.meta.filename && process.argv[2] !== undefined) {
  process.stdout.write(JSON.stringify(runRung(JSON.parse(process.argv[2]) as Shape)));
}
