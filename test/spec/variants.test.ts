import { describe, expect, it } from 'vitest';
import { check, explore, withProperties } from '../../src/engine/index.js';
import { EXPECTED_RESULTS, POSTMORTEM_RACE, PROPERTY_NAMES, constantsOf, makeSpec } from '../../spec/index.js';

const rows = EXPECTED_RESULTS.filter((r) => !r.rung);
const name = (r: (typeof rows)[number]) =>
  `${r.variant} ${r.shape.enactors}/${r.shape.endpoints}/${r.shape.maxPlan}/${r.shape.keep}${r.shape.collector ? '' : ' no-collector'}${r.shape.crashes ? ' crashes' : ''}`;

describe.each(rows.map((r) => [name(r), r] as const))('%s', (_, { variant, shape, verdicts, shortest, counts }) => {
  const spec = makeSpec(constantsOf(variant, shape));

  it.each(PROPERTY_NAMES)('%s is as the table says, with the shortest trace', (property) => {
    const r = check(withProperties(spec, [property]));
    const [verdict] = r.properties;
    expect(verdict?.status).toBe(verdicts[property]);
    if (verdict?.status === 'violated' && verdict.kind !== 'liveness') expect(verdict.trace.steps.length - 1).toBe(shortest[property]);
    if (verdict?.status === 'violated' && verdict.trace.forever?.kind === 'stutter') expect(verdict.trace.steps.length - 1).toBe(shortest[property]);
  });

  // Rows without published complete counts have nothing to compare a whole exploration with.
  if (counts !== undefined) {
    it('explored whole (--continue), counts what the table says', () => {
      const r = check(spec, { exhaustive: true });
      expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([counts.distinct, counts.generated, counts.depth]);
      expect(r.properties.map((p) => p.status)).toEqual(PROPERTY_NAMES.map((p) => verdicts[p]));
      const x = explore(spec);
      expect([x.store.count, x.generated, x.depth]).toEqual([counts.distinct, counts.generated, counts.depth]);
    });
  }
});

describe('the postmortem race', () => {
  it('is the shortest aws-2025 violation of RecordNeverEmpty without the collector, found at depth 9 as TLC counts', () => {
    const spec = makeSpec(constantsOf('aws-2025', { collector: false }));
    const r = check(withProperties(spec, ['RecordNeverEmpty']));
    const [verdict] = r.properties;
    if (verdict?.status !== 'violated') throw new Error(`expected a violation, got ${verdict?.status}`);
    expect(r.stats.depth).toBe(9);
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
