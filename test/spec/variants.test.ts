import { describe, expect, it } from 'vitest';
import { check, withProperties } from '../../src/engine/index.js';
import { EXPECTED_VERDICTS, POSTMORTEM_RACE, PROPERTY_NAMES, constantsOf, makeSpec } from '../../spec/index.js';

describe.each(EXPECTED_VERDICTS)('$variant with collector=$collector', ({ variant, collector, verdicts, shortest }) => {
  const spec = makeSpec(constantsOf(variant, { collector }));
  it.each(PROPERTY_NAMES)('%s is as the model says, with the shortest trace', (property) => {
    const r = check(withProperties(spec, [property]));
    const [verdict] = r.properties;
    expect(verdict?.status).toBe(verdicts[property]);
    if (verdict?.status === 'violated') expect(verdict.trace.steps.length - 1).toBe(shortest[property]);
  });
});

describe('the postmortem race', () => {
  it('is the shortest aws-2025 violation of RecordNeverEmpty without the collector', () => {
    const spec = makeSpec(constantsOf('aws-2025', { collector: false }));
    const [verdict] = check(withProperties(spec, ['RecordNeverEmpty'])).properties;
    if (verdict?.status !== 'violated') throw new Error(`expected a violation, got ${verdict?.status}`);
    const actions = verdict.trace.steps.slice(1).map((s) => s.action!);
    // Up to the names of the enactors: map the first enactor that acts to a, the second to b.
    const names = new Map<string, string>();
    const renamed = actions.map((a) =>
      a.replace(/\(([a-h])/, (_, e: string) => {
        if (!names.has(e)) names.set(e, 'ab'[names.size]!);
        return `(${names.get(e)}`;
      }),
    );
    expect(renamed).toEqual([...POSTMORTEM_RACE]);
    // b writes the newest plan, the slow a overwrites it with its stale plan, b's clean-up deletes it.
    const last = verdict.trace.steps[verdict.trace.steps.length - 1]!.state;
    const beforeClean = verdict.trace.steps[verdict.trace.steps.length - 2]!.state;
    expect(beforeClean.applied[0]).toBe(2);
    expect(beforeClean.plans & (1 << 2)).not.toBe(0);
    expect(last.plans & (1 << 2)).toBe(0);
  });
});
