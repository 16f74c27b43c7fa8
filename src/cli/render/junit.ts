/**
 * JUnit XML for CI test tabs, written with junit-report-builder (loaded only when asked for):
 * one test case per conformance level, failed when not reached, skipped when not required,
 * an error when the implementation broke the protocol. Test names never carry a port, a
 * temporary path or a seed, so a CI system can follow each test from run to run; the
 * failure body carries the seed, the shrunk schedule and the line that replays it. Every
 * string goes through `forXmlLibrary`, which removes what XML cannot carry.
 */
import { formatSchedule, type ConformanceResult } from '../../../conformance/index.js';
import type { Builder } from 'junit-report-builder';
import { incompleteSentence } from './conformance.js';
import { forXmlLibrary as x } from './escape.js';

const LEVELS = ['safe', 'refines', 'live'] as const;
const ORDER = ['none', 'safe', 'refines', 'live'];

export interface JunitReplay {
  /** The line that reruns the whole run (with its seed). */
  readonly seed: string;
  /** The line that replays one schedule. */
  readonly schedule: (s: string) => string;
}

export async function junitXml(r: ConformanceResult, replay: JunitReplay): Promise<string> {
  const loaded: unknown = (await import('junit-report-builder')).default;
  // A CommonJS module: Node hands its exports (the builder) as the default; its types see one level deeper.
  const builder = ((loaded as { default?: Builder }).default ?? loaded) as Builder;
  const report = builder.newBuilder();
  const suite = report.testSuite().name('dnsplan conform').time(Number(r.seconds.toFixed(3)));
  suite.property('target', x(r.target)).property('observer', x(r.observer)).property('seed', String(r.seed)).property('spec', r.specVariant);
  if (r.implementation !== undefined) suite.property('implementation', x(`${r.implementation.name}${r.implementation.version === undefined ? '' : ` ${r.implementation.version}`}`));
  if (r.skipped.length > 0) suite.property('skipped', r.skipped.join(','));
  if (r.coverage !== undefined) {
    suite.property('coverage.states', `${r.coverage.states.covered}/${r.coverage.states.reachable}`).property('coverage.transitions', `${r.coverage.transitions.covered}/${r.coverage.transitions.reachable}`);
  }
  const required = ORDER.indexOf(r.levelRequired);
  const reached = ORDER.indexOf(r.levelReached);
  for (const level of LEVELS) {
    const c = suite.testCase().className('dnsplan.conform').name(`level ${level}`);
    const i = ORDER.indexOf(level);
    if (r.verdict === 'broken') {
      const b = r.broken?.broken;
      const body = [
        `the implementation broke the protocol at ${b?.error.details.lifecycle ?? 'an unknown step'} (schedule step ${b?.step ?? '?'})`,
        `because: ${b?.error.message ?? 'unknown'}`,
        `seed: ${r.seed}`,
        `schedule: ${b ? formatSchedule(r.broken!.schedule) : ''}`,
        `replay: ${replay.seed}`,
      ].join('\n');
      c.error(x(b?.error.message ?? 'the implementation broke the protocol'), 'broken', x(body));
    } else if (r.verdict === 'incomplete') {
      // The deadline came first: nothing failed and nothing is proven, so no level is blamed.
      c.skipped().standardOutput(x(`incomplete: ${incompleteSentence(r)}\nrerun: ${replay.seed}`));
    } else if (i > required) {
      c.skipped();
    } else if (i > reached + 1) {
      c.failure(`not reached: level ${ORDER[reached + 1]} already failed`, 'level');
    } else if (i > reached) {
      const ce = r.counterexample;
      const v = ce?.violation;
      const body = [
        v ? `${v.property} (level ${v.level}) at step ${v.step}: ${v.message}` : `level ${level} not reached`,
        ...(v ? [`expected: ${v.expected}`, `observed: ${v.observed}`] : []),
        `seed: ${r.seed}`,
        ...(ce ? [`shrunk schedule (${ce.minimal.schedule.length} commands, from ${ce.original.schedule.length}): ${formatSchedule(ce.minimal.schedule)}`, `replay: ${replay.schedule(formatSchedule(ce.minimal.schedule))}`] : []),
        `rerun: ${replay.seed}`,
      ].join('\n');
      c.failure(x(v ? `${v.property}: ${v.message}` : `level ${level} not reached`), v?.property ?? 'level').stacktrace(x(body));
    }
  }
  return `${report.build()}\n`;
}
