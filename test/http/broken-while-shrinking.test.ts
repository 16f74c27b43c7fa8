/**
 * An implementation that fails a run and then breaks the protocol while its failure is being
 * shrunk (here: a reply nested 5,000 levels deep, from a server in another process): the
 * broken run's history is kept as history-broken.jsonl, the reruns that follow never write
 * over it, and the verdict is broken (exit 2), not a counterexample shrunk from half a run.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpAdapter } from '../../adapters/http/index.js';
import { ReferenceAdapter } from '../../adapters/reference/index.js';
import { runConformance, type Adapter } from '../../conformance/index.js';
import { DEFAULT_SHAPE } from '../../spec/index.js';
import { startServer } from '../support/serve.js';

const HOSTILE = join(import.meta.dirname, 'fixtures/hostile.mjs');
let deep: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  deep = await startServer(process.execPath, [HOSTILE, 'deep']);
});
afterAll(async () => {
  await deep.stop();
});

/**
 * The 2025 reference, whose steps go to the hostile server once a run has emptied a record:
 * the first failure is found in-process and kept, the shrinking then meets the deep reply.
 */
function failsThenBreaks(deepUrl: string): Adapter {
  const reference = new ReferenceAdapter({ variant: 'aws-2025' });
  const hostile = new HttpAdapter({ url: deepUrl, requestTimeoutMs: 5000 });
  let emptied = false;
  let failed = false;
  return {
    target: reference.target,
    observer: reference.observer,
    reset: async (r) => {
      // The run after the first that emptied a record is the first shrinking rerun.
      failed = emptied;
      return reference.reset(r);
    },
    plan: (p) => reference.plan(p),
    step: (e) => (failed ? hostile.step(e) : reference.step(e)),
    collect: () => reference.collect(),
    crash: (e) => reference.crash(e),
    observe: async () => {
      const o = await reference.observe();
      if (Object.values(o.records).some((r) => r.length === 0)) emptied = true;
      return o;
    },
    close: async () => {
      await hostile.close();
      await reference.close();
    },
  };
}

describe('a broken reply met while shrinking', () => {
  it('keeps the broken history and ends the run as broken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dnsplan-shrink-broken-'));
    const r = await runConformance({ adapterFactory: () => failsThenBreaks(deep.url), shape: { ...DEFAULT_SHAPE, collector: false }, runs: 200, seed: 9, coverage: false, historyDir: dir });
    expect(r.verdict).toBe('broken');
    expect(r.histories['broken']).toBe(join(dir, 'history-broken.jsonl'));
    const lines = readFileSync(r.histories['broken']!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(lines.at(-2)).toMatchObject({ type: 'error', happened: 'unknown', message: expect.stringContaining('nested deeper than 64 levels') });
    expect(lines.at(-1)).toMatchObject({ type: 'footer', outcome: 'aborted' });
    expect(r.histories['fail']).toBe(join(dir, 'history-fail.jsonl'));
  });
});
