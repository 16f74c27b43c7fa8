import pc from 'picocolors';
import { explainViolation, freshSeed, propertyDescription, simulate } from '../../engine/index.js';
import type { Runnable } from '../command.js';
import { integerFlag } from '../flags.js';
import { startProgress } from '../progress.js';
import { count, seconds } from '../render/numbers.js';
import { renderTrace } from '../render/trace.js';
import { traceData } from '../render/trace-data.js';
import { writeOutputs } from '../outputs.js';
import { simulateOutputs } from '../render/report-simulate.js';
import { replayLine } from '../replay.js';
import { describeConstants, specFrom } from '../spec-flags.js';
import { simulate as simulateEntry } from '../table/simulate.js';

export const simulateCommand: Runnable = {
  async run(_args, o, io) {
    const { spec, constants, variant } = specFrom('simulate', o);
    const runs = o['runs'] === undefined ? 1000 : integerFlag('simulate', '--runs', o['runs'], 1, 10_000_000);
    const depth = o['depth'] === undefined ? 100 : integerFlag('simulate', '--depth', o['depth'], 1, 100_000);
    const seed = o['seed'] === undefined ? freshSeed() : integerFlag('simulate', '--seed', o['seed'], 0, 2 ** 31 - 1);
    const replay = replayLine('simulate', simulateEntry.flags, o, { set: { seed } });
    const progress = startProgress(io, { command: 'simulate', label: 'walking', quiet: o['quiet'] === true });
    let r;
    try {
      r = simulate(spec, {
        runs,
        depth,
        seed,
        onProgress: (p) => progress.update(`${count(p.runs)} of ${count(runs)} walks  ${count(p.steps)} steps  ${count(p.steps / p.seconds)} steps/s`),
      });
    } finally {
      progress.stop();
    }
    const code = r.violations.length > 0 ? 1 : 0;
    if (o['json']) {
      io.out(
        JSON.stringify({
          format: 'dnsplan-simulate/1',
          command: 'simulate',
          spec: r.spec,
          variant,
          constants: describeConstants(constants),
          seed,
          outcome: code === 1 ? 'violated' : 'none-found',
          runs: r.runs,
          steps: r.steps,
          seconds: r.seconds,
          violations: r.violations.map((v) => ({
            property: v.property,
            kind: v.kind,
            run: v.run,
            description: propertyDescription(spec, v.property),
            trace: traceData(v.trace, constants),
          })),
          replay,
        }),
      );
      return writeOutputs('simulate', code, simulateOutputs(o, spec, constants, variant, r, replay), io);
    }
    const lines = [`dnsplan simulate: ${variant}, ${count(r.runs)} walks, ${count(r.steps)} steps in ${seconds(r.seconds)}, seed ${seed}`];
    for (const v of r.violations) {
      const why = propertyDescription(spec, v.property);
      lines.push('', pc.red(`${v.property} is violated in walk ${v.run}${why ? `: ${why}` : ''}. The walk, ${v.trace.steps.length - 1} steps:`));
      lines.push(renderTrace(v.trace, spec.format, explainViolation(spec, v.property, v.trace.steps)));
    }
    if (code === 0) lines.push(pc.green('no violation found') + pc.dim(' (a simulation samples behaviours; it proves nothing: use dnsplan check for that)'));
    lines.push(pc.dim(`replay with: ${replay}`));
    io.out(lines.join('\n'));
    return writeOutputs('simulate', code, simulateOutputs(o, spec, constants, variant, r, replay), io);
  },
};
