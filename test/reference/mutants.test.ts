import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../adapters/reference/memory-backend.js';
import { MODES, MODE_NAMES, MUTANTS, REFERENCE_NAMES, behaviourOf } from '../../adapters/reference/modes.js';
import { ReferenceAdapter } from '../../adapters/reference/adapter.js';
import { addresses, constantsOf, planOf, started } from './harness.js';

describe('the mutant table', () => {
  it('names every mutant once, on a known base, and each resolves to its own quirk', () => {
    expect(new Set(MUTANTS.map((m) => m.name)).size).toBe(MUTANTS.length);
    expect(MUTANTS.map((m) => m.name)).toEqual(['stale-pick', 'lying-event', 'torn-write', 'ignores-crash', 'lazy', 'forgetful-claim', 'lying-observe', 'same-plan-written', 'resume-after-crash', 'first-endpoint-only', 'text-generations']);
    for (const mutant of MUTANTS) {
      expect(MODE_NAMES).toContain(mutant.base);
      expect(['safe', 'refines', 'live']).toContain(mutant.mustFail);
      expect(behaviourOf(mutant.name)).toEqual({ ...MODES[mutant.base], name: mutant.name, quirk: mutant.name });
    }
  });

  it('refuses an unknown name, listing the known ones', () => {
    expect(() => behaviourOf('toString')).toThrow(`known: ${REFERENCE_NAMES.join(', ')}`);
    expect(() => behaviourOf('aws2025')).toThrow(/unknown reference implementation "aws2025"; known: aws-2025, cas-only, ownership-only, fixed, stale-pick/);
  });
});

describe('each mutant misbehaves where fixed does not', () => {
  it('resume-after-crash writes the plan it held before the crash, without a new pick', async () => {
    for (const [variant, after] of [['fixed', { kind: 'pick', enactor: 'a', generation: 2 }], ['resume-after-crash', { kind: 'write', enactor: 'a', endpoint: 'regional', generation: 2, outcome: 'written' }]] as const) {
      const { adapter, next } = await started(variant, { crashes: true });
      await next();
      await adapter.step('a');
      expect(await adapter.crash('a')).toEqual({ kind: 'crash', enactor: 'a' });
      expect(await adapter.step('a'), variant).toEqual(after);
    }
  });

  it('first-endpoint-only writes only the first endpoint once it has crashed', async () => {
    const { adapter, next } = await started('first-endpoint-only', { crashes: true, endpoints: ['regional', 'fips'] });
    await adapter.crash('a');
    await next();
    await adapter.step('a');
    expect(await adapter.step('a')).toMatchObject({ kind: 'write', endpoint: 'regional' });
    expect(await adapter.step('a')).toMatchObject({ kind: 'write', endpoint: 'regional' });
    expect((await adapter.observe()).records.fips).toEqual(addresses(1, 1));
  });

  it('same-plan-written reports written where the record already held the plan; fixed and aws-2025 say skipped', async () => {
    for (const [variant, outcome] of [['fixed', 'skipped'], ['aws-2025', 'skipped'], ['same-plan-written', 'written']] as const) {
      const { adapter, next } = await started(variant);
      await next();
      await adapter.step('a');
      await adapter.step('b');
      expect(await adapter.step('a')).toEqual({ kind: 'write', enactor: 'a', endpoint: 'regional', generation: 2, outcome: 'written' });
      expect(await adapter.step('b'), variant).toEqual({ kind: 'write', enactor: 'b', endpoint: 'regional', generation: 2, outcome });
      expect((await adapter.observe()).records).toEqual({ regional: addresses(2) });
    }
  });

  it('text-generations never takes plan 10 over plan 9 ("10" < "9" as text); fixed does, and both take 3 over 2', async () => {
    for (const [variant, event] of [
      ['fixed', { kind: 'pick', enactor: 'a', generation: 10 }],
      ['text-generations', { kind: 'idle', enactor: 'a', reason: 'every record is at plan 9' }],
    ] as const) {
      const adapter = new ReferenceAdapter({ variant });
      const constants = constantsOf();
      await adapter.reset({ protocol: 'dnsplan/1', constants, firstGeneration: 9, plan: planOf(9, constants.endpoints) });
      await adapter.plan(planOf(10, constants.endpoints));
      expect(await adapter.step('a'), variant).toEqual(event);
    }
    const { adapter, next } = await started('text-generations');
    await next();
    expect(await adapter.step('a')).toEqual({ kind: 'pick', enactor: 'a', generation: 2 });
  });

  it('the reference refuses a reset whose plan is not the first generation it names', async () => {
    const adapter = new ReferenceAdapter({ variant: 'fixed' });
    const constants = constantsOf();
    await expect(adapter.reset({ protocol: 'dnsplan/1', constants, firstGeneration: 9, plan: planOf(1, constants.endpoints) })).rejects.toThrow(/the reset plan must be plan 9/);
  });

  it('stale-pick takes the plan before the newest', async () => {
    for (const [variant, first] of [['fixed', 3], ['stale-pick', 2]] as const) {
      const { adapter, next } = await started(variant);
      await next();
      await next();
      expect(await adapter.step('a')).toEqual({ kind: 'pick', enactor: 'a', generation: first });
    }
    const { adapter, next } = await started('stale-pick');
    await next();
    expect(await adapter.step('a')).toEqual({ kind: 'pick', enactor: 'a', generation: 2 });
    await next();
    await adapter.step('a');
    await adapter.step('a');
    expect(await adapter.step('a')).toEqual({ kind: 'pick', enactor: 'a', generation: 3 });
  });

  it('lying-event says it wrote, but the record has not moved', async () => {
    const { adapter, next } = await started('lying-event');
    await next();
    await adapter.step('a');
    expect(await adapter.step('a')).toEqual({ kind: 'write', enactor: 'a', endpoint: 'regional', generation: 2, outcome: 'written' });
    expect((await adapter.observe()).records).toEqual({ regional: addresses(1) });
  });

  it('torn-write leaves a record with addresses of two plans for a step, then completes it', async () => {
    const { adapter, next } = await started('torn-write', { endpoints: ['regional', 'fips'] });
    await next();
    await adapter.step('a');
    expect(await adapter.step('a')).toEqual({ kind: 'idle', enactor: 'a', reason: 'wrote 1 address of plan 2 into regional' });
    expect((await adapter.observe()).records).toEqual({ regional: [...addresses(1), '10.0.2.1'], fips: addresses(1, 1) });
    expect(await adapter.step('a')).toEqual({ kind: 'write', enactor: 'a', endpoint: 'regional', generation: 2, outcome: 'written' });
    expect((await adapter.observe()).records).toEqual({ regional: addresses(2), fips: addresses(1, 1) });
    expect(await adapter.step('a')).toMatchObject({ kind: 'idle' });
    expect((await adapter.observe()).records.fips).toEqual([...addresses(1, 1), '10.1.2.1']);
  });

  it('ignores-crash reports the crash and goes on writing the plan it held', async () => {
    let backend = new MemoryBackend();
    const { adapter, next } = await started('ignores-crash', { crashes: true }, async () => (backend = new MemoryBackend()));
    await next();
    await adapter.step('a');
    expect(await adapter.crash('a')).toEqual({ kind: 'crash', enactor: 'a' });
    expect(await backend.plans.claims()).toEqual(new Map([['a', 2]]));
    expect(await adapter.step('a')).toEqual({ kind: 'write', enactor: 'a', endpoint: 'regional', generation: 2, outcome: 'written' });

    const fixed = await started('fixed', { crashes: true });
    await fixed.next();
    await fixed.adapter.step('a');
    await fixed.adapter.crash('a');
    expect(await fixed.adapter.step('a')).toEqual({ kind: 'pick', enactor: 'a', generation: 2 });
  });

  it('lazy never picks, so the record stays at plan 1', async () => {
    const { adapter, next } = await started('lazy');
    await next();
    for (let i = 0; i < 10; i++) {
      expect(await adapter.step('abc'[i % 3]!)).toEqual({ kind: 'idle', enactor: 'abc'[i % 3], reason: 'lazy: never picks' });
    }
    expect(await adapter.collect()).toEqual({ kind: 'collect', deleted: [] });
    expect(await adapter.observe()).toEqual({ plans: [1, 2], records: { regional: addresses(1) } });
  });

  it('forgetful-claim lets the collector delete the plan it holds, and its write then empties the record', async () => {
    const observed = [];
    for (const variant of ['fixed', 'forgetful-claim']) {
      const { adapter, next } = await started(variant);
      await next();
      await adapter.step('a');
      await next();
      await next();
      const collected = await adapter.collect();
      const written = await adapter.step('a');
      observed.push({ collected, written, after: await adapter.observe() });
    }
    const write = { kind: 'write', enactor: 'a', endpoint: 'regional', generation: 2, outcome: 'written' };
    expect(observed).toEqual([
      { collected: { kind: 'collect', deleted: [] }, written: write, after: { plans: [1, 2, 3, 4], records: { regional: addresses(2) } } },
      { collected: { kind: 'collect', deleted: [2] }, written: write, after: { plans: [1, 3, 4], records: { regional: [] } } },
    ]);
  });

  it('forgetful-claim lets another enactor\'s clean-up delete the plan it holds', async () => {
    const { adapter, next } = await started('forgetful-claim', { collector: false });
    await next();
    await adapter.step('a');
    await next();
    await next();
    await adapter.step('b');
    await adapter.step('b');
    expect(await adapter.step('b')).toEqual({ kind: 'clean', enactor: 'b', deleted: [1, 2] });
    expect(adapter.enactor('a')?.held?.generation).toBe(2);
  });
});
