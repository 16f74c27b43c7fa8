import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { EXPECTED_VERDICTS, POSTMORTEM_RACE, constantsOf, makeSpec, type State } from '../../spec/index.js';
import { check, type Spec, type Trace } from '../../src/engine/index.js';
import { fromItf, itfPath, itfText, toItf } from '../../src/cli/render/itf.js';

const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../src/cli/render/itf.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

/** Every counterexample the checker finds for one row of the expected-results table. */
function counterexamples(variant: (typeof EXPECTED_VERDICTS)[number]) {
  const c = constantsOf(variant.variant, { collector: variant.collector });
  const spec = makeSpec(c) as unknown as Spec<unknown>;
  const r = check(spec, {});
  return { c, traces: r.properties.flatMap((p) => (p.status === 'violated' ? [{ name: p.name, trace: p.trace as Trace<State> }] : [])) };
}

describe('ITF traces', () => {
  it('the postmortem race validates against the ITF schema, with sets, maps and the action taken', () => {
    const { c, traces } = counterexamples(EXPECTED_VERDICTS.find((v) => v.variant === 'aws-2025' && !v.collector)!);
    const race = traces.find((t) => t.name === 'RecordNeverEmpty')!;
    const itf = JSON.parse(itfText(toItf(race.trace, c, { source: 'test', description: 'the race', property: 'RecordNeverEmpty' })));
    expect(validate(itf), JSON.stringify(validate.errors)).toBe(true);
    expect(itf.vars).toEqual(['latest', 'plans', 'applied', 'pc', 'held', 'pending', 'mbt::actionTaken']);
    expect(itf.states.map((s: Record<string, unknown>) => s['mbt::actionTaken'])).toEqual(['init', ...POSTMORTEM_RACE]);
    const last = itf.states[8];
    expect(last.plans).toEqual({ '#set': [3, 4] });
    expect(last.applied).toEqual({ '#map': [['regional', 2]] });
    expect(last.pc).toEqual({ '#map': [['a', 'clean'], ['b', 'idle'], ['c', 'idle']] });
    expect(itf.states[1]['#meta']).toEqual({ index: 1 });
  });

  it('a trace read back from ITF is the same trace, for every counterexample of every variant', () => {
    let n = 0;
    for (const row of EXPECTED_VERDICTS) {
      const { c, traces } = counterexamples(row);
      for (const { name, trace } of traces) {
        const text = itfText(toItf(trace, c, { source: 'test', description: name, property: name }));
        const itf = JSON.parse(text);
        expect(validate(itf), `${row.variant} ${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
        const back = fromItf(itf);
        expect(back.constants).toEqual(c);
        expect(back.property).toBe(name);
        expect(back.trace).toEqual(trace);
        n++;
      }
    }
    expect(n).toBe(EXPECTED_VERDICTS.reduce((k, r) => k + Object.values(r.verdicts).filter((v) => v === 'violated').length, 0));
  });

  it('keeps a lasso as loop and a stutter in the metadata', () => {
    const c = constantsOf('aws-2025', { collector: false });
    const s = makeSpec(c);
    const a = s.initial[0]!;
    const b = s.actions[0]!.next(a)!;
    for (const forever of [{ kind: 'cycle', loopsTo: 1 } as const, { kind: 'stutter' } as const]) {
      const trace: Trace<State> = { steps: [{ action: undefined, state: a }, { action: 'Plan', state: b }, { action: 'Plan', state: b }], forever };
      const itf = toItf(trace, c, { source: 'test', description: 'lasso' });
      expect(validate(itf)).toBe(true);
      expect(itf.loop).toBe(forever.kind === 'cycle' ? 1 : undefined);
      expect(fromItf(JSON.parse(JSON.stringify(itf))).trace).toEqual(trace);
    }
  });

  it('the schema rejects what is not ITF', () => {
    const good = { vars: ['x'], states: [{ x: { '#bigint': '123456789012345678901234567890' } }] };
    expect(validate(good)).toBe(true);
    expect(validate({ vars: ['x'] })).toBe(false);
    expect(validate({ vars: ['x'], states: [{ x: { '#bigint': '12a' } }] })).toBe(false);
    expect(validate({ vars: ['x'], states: [{ x: { '#map': [[1]] } }] })).toBe(false);
    expect(validate({ vars: ['x'], states: [{ x: 1.5 }] })).toBe(false);
    expect(validate({ vars: ['x'], states: [], loop: -1 })).toBe(false);
  });

  it('reading rejects a file that is not a dnsplan trace, naming where', () => {
    expect(() => fromItf({ vars: [], states: [] })).toThrow(/#meta.dnsplan.constants/);
    const c = constantsOf('fixed');
    const itf = JSON.parse(JSON.stringify(toItf({ steps: [{ action: undefined, state: makeSpec(c).initial[0]! }] }, c, { source: 't', description: 'd' })));
    itf.states[0].pc = { '#map': [['z', 'idle']] };
    expect(() => fromItf(itf)).toThrow(/states\[0\]\.pc: unknown key "z"/);
  });

  it('names a second counterexample after its property', () => {
    expect(itfPath('race.itf.json', 0, 'RecordNeverEmpty')).toBe('race.itf.json');
    expect(itfPath('out/race.itf.json', 1, 'Converges')).toBe('out/race.Converges.itf.json');
    expect(itfPath('race.json', 2, 'NoStaleOverwrite')).toBe('race.NoStaleOverwrite.json');
    expect(itfPath('race', 1, 'Converges')).toBe('race.Converges');
  });
});
