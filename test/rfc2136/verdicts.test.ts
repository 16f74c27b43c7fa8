import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MUTANTS, behaviourOf } from '../../adapters/reference/index.js';
import { openReferenceOnRfc2136 } from '../../adapters/rfc2136/index.js';
import { parseSchedule, rank, runConformance, type Level } from '../../conformance/index.js';
import { DEFAULT_SHAPE, enactorNames, endpointNames, type Shape } from '../../spec/index.js';
import { namedAvailable, startTestNamed, type NamedServer } from '../support/named.js';

/**
 * Conformance verdicts of the reference on a real BIND9 named, through RFC 2136 updates and
 * observed by DNS queries: the four variants and every mutant, as in process and on etcd. A
 * failing one replays the minimal schedule the in-process harness finds for it (the fair tail
 * the harness adds does the rest), so the whole file stays fast; fixed runs generated ones.
 */

const SCHEDULES: Readonly<Record<string, string>> = {
  'stale-pick': '',
  'lying-event': '',
  'torn-write': '',
  'ignores-crash': 'plan,step:c,crash:c',
  lazy: '',
  'forgetful-claim': 'plan,step:a,plan,plan,collect,step:a',
  'lying-observe': 'plan,step:a,step:a',
  'resume-after-crash': 'plan,step:a,crash:a,step:a',
  'first-endpoint-only': 'crash:a,plan,step:a,step:a,step:a',
};

/** The first generation a reference's runs need in order to show its bug (text comparison needs a digit boundary). */
const FIRST: Readonly<Record<string, number>> = { 'text-generations': 9 };

/** Per failing reference: the schedule that shows it, and the weakest level it must fail. */
const FAILING: readonly (readonly [string, string, Partial<Shape>, Level])[] = [
  ['aws-2025', 'plan,plan,collect', {}, 'safe'],
  ['cas-only', 'plan,plan,collect', {}, 'safe'],
  ['ownership-only', 'plan,step:b,plan,step:a', {}, 'safe'],
  ...MUTANTS.map((m) => [m.name, SCHEDULES[m.name] ?? '', m.needs ?? {}, m.mustFail] as const),
];

describe.skipIf(!namedAvailable())('verdicts on BIND9 named', () => {
  let named: NamedServer;
  beforeAll(async () => {
    named = await startTestNamed();
  });
  afterAll(async () => {
    await named?.stop();
  });

  const conform = async (variant: string, shape: Partial<Shape>, runs: number, seed: number, schedule?: string) => {
    const commands = schedule === undefined ? undefined : schedule === '' ? [] : parseSchedule(schedule, enactorNames({ ...DEFAULT_SHAPE, ...shape }));
    const s = { ...DEFAULT_SHAPE, ...shape };
    const adapter = await openReferenceOnRfc2136({ variant, server: { host: named.host, port: named.port }, tsig: named.key, endpoints: endpointNames(s), enactors: enactorNames(s) });
    try {
      return await runConformance({ adapter, shape: s, runs, seed, coverage: false, ...(commands === undefined ? {} : { schedule: commands }), ...(FIRST[variant] === undefined ? {} : { firstGeneration: FIRST[variant] }) });
    } finally {
      await adapter.close();
    }
  };

  it('fixed is conformant at level live', async () => {
    const r = await conform('fixed', {}, 8, 1);
    expect(r.verdict).toBe('conformant');
    expect(r.levelReached).toBe('live');
    expect(r.observer).toMatch(/^dns \(queries to 127\.0\.0\.1:\d+\)$/);
  });

  it('aws-2025 without the collector: the postmortem race, the empty answer served by named', async () => {
    const r = await conform('aws-2025', { collector: false }, 1, 1, 'plan,step:a,plan,plan,step:b,step:b,step:a,step:b');
    expect(r.verdict).toBe('not-conformant');
    expect(r.counterexample?.violation.property).toBe('RecordNeverEmpty');
    const at = r.counterexample!.violation.step;
    const line = r.counterexample!.minimal.steps.find((s) => s.type === 'step' && s.index === at);
    expect(line?.type === 'step' ? line.observation.records['regional'] : undefined).toEqual([]);
  });

  it.each(FAILING)('%s, replaying %j, fails below the level it must', async (name, schedule, shape, mustFail) => {
    if (MUTANTS.some((m) => m.name === name)) expect(behaviourOf(name).quirk).toBe(name);
    const r = await conform(name, shape, 1, 5, schedule);
    expect(r.verdict).toBe('not-conformant');
    expect(rank(r.levelReached as Level)).toBeLessThan(rank(mustFail));
  });
});
