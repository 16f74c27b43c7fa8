import { describe, expect, it } from 'vitest';
import { addresses, started } from './harness.js';

describe('collect', () => {
  it('by age deletes the plan every record points to, and the record goes empty', async () => {
    for (const variant of ['aws-2025', 'cas-only']) {
      const { adapter, next } = await started(variant);
      await next();
      expect(await adapter.collect()).toEqual({ kind: 'collect', deleted: [] });
      await next();
      expect(await adapter.collect()).toEqual({ kind: 'collect', deleted: [1] });
      expect(await adapter.observe()).toEqual({ plans: [2, 3], records: { regional: [] } });
      expect(await adapter.step('a')).toEqual({ kind: 'idle', enactor: 'a', reason: 'plan 1 of the record of regional is missing' });
    }
  });

  it('owned spares what a record points to and what a busy enactor holds, and deletes the rest', async () => {
    for (const variant of ['ownership-only', 'fixed']) {
      const { adapter, next } = await started(variant, { endpoints: ['regional', 'fips'] });
      await next();
      await adapter.step('a');
      await next();
      await next();
      expect(await adapter.collect()).toEqual({ kind: 'collect', deleted: [] });
      await adapter.step('a');
      expect(await adapter.collect()).toEqual({ kind: 'collect', deleted: [] });
      await adapter.step('a');
      expect(await adapter.collect()).toEqual({ kind: 'collect', deleted: [1] });
      expect(await adapter.step('a')).toEqual({ kind: 'clean', enactor: 'a', deleted: [] });
      expect(await adapter.collect()).toEqual({ kind: 'collect', deleted: [] });
      await adapter.step('b');
      await adapter.step('b');
      await adapter.step('b');
      expect(await adapter.collect()).toEqual({ kind: 'collect', deleted: [2] });
      expect(await adapter.observe()).toEqual({ plans: [3, 4], records: { regional: addresses(4), fips: addresses(4, 1) } });
    }
  });

  it('keeps Keep generations: with keep 1 only the newest survives', async () => {
    const { adapter, next } = await started('aws-2025', { keep: 1 });
    await next();
    await next();
    expect(await adapter.collect()).toEqual({ kind: 'collect', deleted: [1, 2] });
    expect((await adapter.observe()).plans).toEqual([3]);
  });

  it('does nothing when the run has no collector', async () => {
    const { adapter, next } = await started('aws-2025', { collector: false });
    for (let i = 0; i < 3; i++) await next();
    expect(await adapter.collect()).toEqual({ kind: 'collect', deleted: [] });
    expect((await adapter.observe()).plans).toEqual([1, 2, 3, 4]);
  });
});
