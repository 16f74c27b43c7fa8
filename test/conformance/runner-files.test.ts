import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReferenceAdapter } from '../../adapters/reference/index.js';
import { AdapterError, runConformance, verifyFile, type Adapter } from '../../conformance/index.js';
import { DEFAULT_SHAPE } from '../../spec/index.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplan-runner-'));

/** The reference enactor, except that the `failAt`-th step call of the whole conformance run breaks the protocol. */
function breaksAt(failAt: number): Adapter & { steps: number } {
  const inner = new ReferenceAdapter({ variant: 'fixed' });
  const adapter = {
    target: 'breaks-at-test',
    observer: inner.observer,
    steps: 0,
    reset: (r) => inner.reset(r),
    plan: (p) => inner.plan(p),
    step: (e) => {
      if (++adapter.steps === failAt) {
        return Promise.reject(new AdapterError('the reply was not JSON', { lifecycle: `step(${e})`, happened: 'unknown', sent: { enactor: e }, expected: 'a StepReply', received: 'ok' }));
      }
      return inner.step(e);
    },
    collect: () => inner.collect(),
    crash: (e) => inner.crash(e),
    observe: () => inner.observe(),
    close: () => inner.close(),
  } satisfies Adapter & { steps: number };
  return adapter;
}

const lines = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the runner and its history files', () => {
  it('an implementation that breaks the protocol ends the whole run at once, with its history on disk', async () => {
    const adapter = breaksAt(60);
    const r = await runConformance({ adapter, shape: DEFAULT_SHAPE, runs: 100, seed: 4, historyDir: join(dir, 'broken') });
    expect(r.verdict).toBe('broken');
    expect(r.levelReached).toBe('none');
    expect(r.runs).toBeLessThan(100);
    expect(adapter.steps).toBe(60);
    const b = r.broken!.broken!;
    expect(b.error.details.lifecycle).toMatch(/^step\(/);
    const path = r.histories['broken']!;
    const file = lines(path);
    expect(file.at(-2)).toMatchObject({ type: 'error', index: b.step, happened: 'unknown' });
    expect(file.at(-1)).toMatchObject({ type: 'footer', outcome: 'aborted', steps: b.step - 1 });
    const v = await verifyFile(path);
    expect(v).toMatchObject({ status: 'checked', complete: true, steps: b.step - 1, level: 'refines' });
    expect(v.error?.lifecycle).toBe(b.error.details.lifecycle);
  });

  it('a failing run keeps the original and the minimal history, and verify finds the same violation on the line it names', async () => {
    const r = await runConformance({ adapter: new ReferenceAdapter({ variant: 'aws-2025' }), shape: { ...DEFAULT_SHAPE, collector: false }, runs: 100, seed: 9, historyDir: join(dir, 'aws') });
    const ce = r.counterexample!;
    expect(Object.keys(r.histories).sort()).toEqual(['fail', 'min', 'runs']);
    const min = await verifyFile(r.histories['min']!);
    expect(min).toMatchObject({ status: 'checked', complete: true, steps: ce.minimal.steps.length });
    const found = min.violations.find((v) => v.property === ce.violation.property);
    expect(found?.step).toBe(ce.violation.step);
    expect(found?.line).toBe(ce.violation.step + 1);
    expect(lines(r.histories['min']!)[ce.violation.step]).toMatchObject({ type: 'step', index: ce.violation.step });
    const fail = await verifyFile(r.histories['fail']!);
    expect(fail.complete).toBe(true);
    expect(fail.violations.map((v) => v.property)).toContain(ce.violation.property);
  });

  it('a conformant run leaves the last run history, complete and judged live by its marked fair tail', async () => {
    const r = await runConformance({ adapter: new ReferenceAdapter({ variant: 'fixed' }), shape: DEFAULT_SHAPE, runs: 50, seed: 2, historyDir: join(dir, 'fixed') });
    expect(r.verdict).toBe('conformant');
    expect(Object.keys(r.histories)).toEqual(['runs', 'last']);
    const v = await verifyFile(r.histories['last']!);
    expect(v).toMatchObject({ status: 'checked', complete: true, level: 'live', violations: [] });
    expect(v.header?.run).toBe(49);
    expect(existsSync(join(dir, 'fixed', 'history-fail.jsonl'))).toBe(false);
  });

  it('opens the implementation with a factory and closes it, and takes exactly one of adapter and factory', async () => {
    let opened = 0;
    let closed = 0;
    const r = await runConformance({
      adapterFactory: () => {
        opened++;
        const a = new ReferenceAdapter({ variant: 'fixed' });
        const close = a.close.bind(a);
        a.close = async () => {
          closed++;
          await close();
        };
        return a;
      },
      shape: DEFAULT_SHAPE,
      runs: 10,
      seed: 1,
    });
    expect(r.verdict).toBe('conformant');
    expect([opened, closed]).toEqual([1, 1]);
    const a = new ReferenceAdapter({ variant: 'fixed' });
    await expect(runConformance({ adapter: a, adapterFactory: () => a, shape: DEFAULT_SHAPE, runs: 1, seed: 1 })).rejects.toThrow(/exactly one/);
  });
});
