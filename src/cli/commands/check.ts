import cliProgress from 'cli-progress';
import pc from 'picocolors';
import { match } from 'ts-pattern';
import { check, DEFAULT_MAX_BYTES, explainViolation, propertyDescription, type CheckResult, type Spec } from '../../engine/index.js';
import type { Runnable } from '../command.js';
import { integerFlag, numberFlag } from '../flags.js';
import { bytes, count, seconds } from '../render/numbers.js';
import { renderTrace, traceJson } from '../render/trace.js';
import { replayLine } from '../replay.js';
import { describeConstants, specFrom } from '../spec-flags.js';
import { check as checkEntry } from '../table/check.js';

export const checkCommand: Runnable = {
  async run(_args, o, io) {
    const { spec, constants, variant } = specFrom('check', o);
    const maxStates = o['maxStates'] === undefined ? undefined : integerFlag('check', '--max-states', o['maxStates'], 1, 2 ** 31 - 1);
    const maxGiB = o['maxMemory'] === undefined ? undefined : numberFlag('check', '--max-memory', o['maxMemory'], 0.01, 1024);
    const replay = replayLine('check', checkEntry.flags, o);
    const bar = !o['json'] && io.interactive ? progressBar() : undefined;
    const result = check(spec, {
      ...(maxStates === undefined ? {} : { maxStates }),
      ...(maxGiB === undefined ? {} : { maxBytes: maxGiB * 2 ** 30 }),
      onProgress: (p) => {
        if (bar === undefined) return;
        if (!bar.started) bar.start(0, 0);
        bar.update(0, { distinct: count(p.distinct), generated: count(p.generated), depth: p.depth, queued: count(p.queued), rate: count(p.distinct / p.seconds) });
      },
    });
    bar?.stop();
    const code = exitCode(result);
    if (o['json']) {
      io.out(JSON.stringify(toJson(spec, result, variant, describeConstants(constants), replay, maxStates, maxGiB)));
      return code;
    }
    io.out(report(spec, result, variant, replay, maxStates, maxGiB));
    return code;
  },
};

type Bar = cliProgress.SingleBar & { started?: boolean };

function progressBar(): { start(t: number, v: number): void; update(v: number, p: object): void; stop(): void; started: boolean } {
  const bar: Bar = new cliProgress.SingleBar(
    { format: 'checking  {distinct} distinct  {generated} generated  depth {depth}  queue {queued}  {rate} states/s', stream: process.stderr, clearOnComplete: true, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    get started() {
      return started;
    },
    start(t, v) {
      started = true;
      bar.start(t, v);
    },
    update(v, p) {
      bar.update(v, p);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function exitCode(r: CheckResult<unknown>): number {
  return match(r.outcome)
    .with({ status: 'holds' }, () => 0)
    .with({ status: 'violated' }, () => 1)
    .with({ status: 'incomplete' }, () => 2)
    .exhaustive();
}

function stopSentence(r: CheckResult<unknown>, maxStates: number | undefined, maxGiB: number | undefined): string | undefined {
  if (r.outcome.status !== 'incomplete') return undefined;
  return match(r.outcome.reason)
    .with('max-states', () => `stopped at --max-states ${count(maxStates ?? r.stats.distinct)}: the properties not shown violated are unproven`)
    .with(
      'memory',
      () =>
        `these constants do not fit in the ${maxGiB ?? DEFAULT_MAX_BYTES / 2 ** 30} GiB memory budget (--max-memory): stopped after ${count(r.stats.distinct)} distinct states; lower --enactors, --endpoints or --max-plan, or bound the run with --max-states`,
    )
    .exhaustive();
}

function report(spec: Spec<unknown>, r: CheckResult<unknown>, variant: string, replay: string, maxStates?: number, maxGiB?: number): string {
  const lines: string[] = [`dnsplan check: ${variant}`];
  for (const p of r.properties) {
    const label = p.name.padEnd(20);
    lines.push(
      match(p)
        .with({ status: 'holds' }, () => `  ${label} ${pc.green('holds')}`)
        .with({ status: 'incomplete' }, () => `  ${label} ${pc.yellow('incomplete')}`)
        .with({ status: 'violated' }, (v) => `  ${label} ${pc.red('violated')}  (${v.trace.steps.length - 1} steps)`)
        .exhaustive(),
    );
  }
  for (const p of r.properties) {
    if (p.status !== 'violated') continue;
    const why = propertyDescription(spec, p.name);
    lines.push('', pc.red(`${p.name} is violated${why ? `: ${why}` : ''}. Shortest trace, ${p.trace.steps.length - 1} steps:`));
    lines.push(renderTrace(p.trace, spec.format, explainViolation(spec, p.name, p.trace.steps)));
  }
  const s = r.stats;
  lines.push(
    '',
    `${count(s.distinct)} distinct states, ${count(s.generated)} generated, depth ${s.depth}, ${seconds(s.seconds)} ` +
      `(${count(s.distinctPerSecond)} distinct/s, store ${bytes(s.storeBytes)}, peak RSS ${bytes(s.peakRssBytes)})`,
  );
  const stopped = stopSentence(r, maxStates, maxGiB);
  if (stopped !== undefined) lines.push(pc.yellow(`incomplete: ${stopped}`));
  lines.push(pc.dim(`replay with: ${replay}`));
  return lines.join('\n');
}

function toJson(
  spec: Spec<unknown>,
  r: CheckResult<unknown>,
  variant: string,
  constants: Record<string, unknown>,
  replay: string,
  maxStates?: number,
  maxGiB?: number,
): unknown {
  return {
    command: 'check',
    spec: r.spec,
    variant,
    constants,
    outcome: r.outcome.status,
    ...(r.outcome.status === 'incomplete' ? { reason: r.outcome.reason, message: stopSentence(r, maxStates, maxGiB) } : {}),
    properties: r.properties.map((p) =>
      p.status === 'violated'
        ? { name: p.name, kind: p.kind, status: p.status, description: propertyDescription(spec, p.name), because: explainViolation(spec, p.name, p.trace.steps), trace: traceJson(p.trace, spec.format) }
        : { name: p.name, kind: p.kind, status: p.status },
    ),
    stats: r.stats,
    replay,
  };
}
