import { describe, expect, it } from 'vitest';
import { ReferenceAdapter } from '../../adapters/reference/index.js';
import { runConformance, type Adapter, type Command } from '../../conformance/index.js';
import type { ResetReply } from '../../conformance/protocol/index.js';
import { DEFAULT_SHAPE } from '../../spec/index.js';
import { badge } from '../../src/cli/render/badge.js';
import { renderConformance } from '../../src/cli/render/conformance.js';

/** The fixed reference, answering its resets with `reply`, counting what it is asked. */
function declaring(reply: ResetReply['result']): Adapter & { readonly asked: Command['kind'][]; endpointsSeen: number } {
  const inner = new ReferenceAdapter({ variant: 'fixed' });
  const asked: Command['kind'][] = [];
  const self = {
    target: 'declaring',
    observer: 'implementation',
    asked,
    endpointsSeen: 0,
    reset: async (r: Parameters<Adapter['reset']>[0]) => {
      self.endpointsSeen = Math.max(self.endpointsSeen, r.constants.endpoints.length);
      await inner.reset(r);
      return reply;
    },
    plan: (p: Parameters<Adapter['plan']>[0]) => (asked.push('plan'), inner.plan(p)),
    step: (e: string) => (asked.push('step'), inner.step(e)),
    collect: () => (asked.push('collect'), inner.collect()),
    crash: (e: string) => (asked.push('crash'), inner.crash(e)),
    observe: () => inner.observe(),
    close: () => inner.close(),
  };
  return self;
}

describe('features an implementation does not support', () => {
  it('are skipped and said, not failed: no crash is sent, the name and version are in the report and the badge says skipped', async () => {
    const adapter = declaring({ implementation: { name: 'acme-enactor', version: '2.1' }, unsupported: ['crash', 'endpoints'] });
    const r = await runConformance({ adapter, shape: { ...DEFAULT_SHAPE, crashes: true, endpoints: 2 }, runs: 60, seed: 3, guide: 'transitions' });
    expect(r.verdict).toBe('conformant');
    expect(r.skipped).toEqual(['crash', 'endpoints']);
    expect(r.constants.crashes).toBe(false);
    expect(r.constants.endpoints).toEqual(['regional']);
    expect(adapter.asked).not.toContain('crash');
    expect(r.implementation).toEqual({ name: 'acme-enactor', version: '2.1' });
    const text = renderConformance(r, { schedule: (s) => s, seed: 'seed' });
    expect(text).toContain('implementation: acme-enactor 2.1');
    expect(text).toContain('skipped: crash, endpoints (the implementation says it does not support them');
    expect((badge(r) as { message: string }).message).toBe('live · 100% transitions · skipped crash, endpoints');
  });

  it('a feature the run does not use is not reported skipped', async () => {
    const r = await runConformance({ adapter: declaring({ unsupported: ['crash'] }), shape: DEFAULT_SHAPE, runs: 5, seed: 3, coverage: false });
    expect(r.skipped).toEqual([]);
    expect(r.implementation).toBeUndefined();
  });
});
