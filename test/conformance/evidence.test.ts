import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReferenceAdapter } from '../../adapters/reference/index.js';
import { HistoryDirBusyError, postmortem, runConformance, verifyFile, type Adapter } from '../../conformance/index.js';
import { DEFAULT_SHAPE } from '../../spec/index.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplan-evidence-'));
const shape = { ...DEFAULT_SHAPE, collector: false };
const race = postmortem(['a', 'b', 'c'])!;

/** An implementation that has the 2025 race in its first run only (after the harness's probing reset), fixed from then on. */
function flaky(): Adapter {
  const racy = new ReferenceAdapter({ variant: 'aws-2025' });
  const fixed = new ReferenceAdapter({ variant: 'fixed' });
  let resets = 0;
  const now = () => (resets <= 2 ? racy : fixed);
  return {
    target: 'flaky',
    observer: 'implementation',
    reset: async (r) => {
      resets++;
      await now().reset(r);
    },
    plan: (p) => now().plan(p),
    step: (e) => now().step(e),
    collect: () => now().collect(),
    crash: (e) => now().crash(e),
    observe: () => now().observe(),
    close: async () => {
      await racy.close();
      await fixed.close();
    },
  };
}

describe('evidence is never lost', () => {
  it('a failure its own replay does not show is reported nondeterministic, the original kept and not shrunk', async () => {
    const historyDir = join(dir, 'flaky');
    const r = await runConformance({ adapter: flaky(), shape, runs: 1, seed: 1, named: [race], historyDir, coverage: false });
    expect(r.verdict).toBe('not-conformant');
    const ce = r.counterexample!;
    expect(ce.reproduced).toBe(false);
    expect(ce.minimalFails).toBe(false);
    expect(ce.minimal.schedule).toEqual(race.commands);
    expect(ce.violation.property).toBe('RecordNeverEmpty');
    const fail = await verifyFile(r.histories['fail']!);
    expect(fail.violations.map((v) => v.property)).toContain('RecordNeverEmpty');
    // The replayed "minimal" history is on disk as run, and it shows no violation.
    expect((await verifyFile(r.histories['min']!)).violations).toEqual([]);
  });

  it('the minimal history of a deterministic failure fails on replay', async () => {
    const r = await runConformance({ adapter: new ReferenceAdapter({ variant: 'aws-2025' }), shape, runs: 1, seed: 1, named: [race], historyDir: join(dir, 'det'), coverage: false });
    expect(r.counterexample!.reproduced).toBe(true);
    expect(r.counterexample!.minimalFails).toBe(true);
    expect((await verifyFile(r.histories['min']!)).violations.map((v) => v.property)).toContain('RecordNeverEmpty');
  });

  it('--keep-histories N keeps the latest N runs, each in its own file, and names the last', async () => {
    const historyDir = join(dir, 'keep');
    const r = await runConformance({ adapter: new ReferenceAdapter({ variant: 'fixed' }), shape: DEFAULT_SHAPE, runs: 12, seed: 2, historyDir, keepHistories: 5, coverage: false });
    expect(r.verdict).toBe('conformant');
    const kept = readdirSync(join(historyDir, 'runs')).sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0]));
    // Named after the run their header names, as the archive's runs are.
    expect(kept).toEqual(['run-7.jsonl', 'run-8.jsonl', 'run-9.jsonl', 'run-10.jsonl', 'run-11.jsonl']);
    expect(r.histories['last']).toBe(join(historyDir, 'runs', 'run-11.jsonl'));
    const last = await verifyFile(r.histories['last']!);
    expect(last.complete).toBe(true);
    expect(last.header?.run).toBe(11);
  });

  it('a history directory a live process holds is refused in one sentence; a stale lock is taken over', async () => {
    const busy = join(dir, 'busy');
    mkdirSync(busy, { recursive: true });
    writeFileSync(join(busy, '.dnsplan.lock'), `${process.ppid}\n`);
    const refused = runConformance({ adapter: new ReferenceAdapter({ variant: 'fixed' }), shape: DEFAULT_SHAPE, runs: 1, seed: 1, historyDir: busy, coverage: false });
    await expect(refused).rejects.toBeInstanceOf(HistoryDirBusyError);
    await expect(refused).rejects.toThrow(`another dnsplan process (pid ${process.ppid}) is writing histories in ${busy}; give this run another --history-dir`);

    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(busy, '.dnsplan.lock'), `${gone}\n`);
    const r = await runConformance({ adapter: new ReferenceAdapter({ variant: 'fixed' }), shape: DEFAULT_SHAPE, runs: 1, seed: 1, historyDir: busy, coverage: false });
    expect(r.verdict).toBe('conformant');
    expect(existsSync(join(busy, '.dnsplan.lock'))).toBe(false);
  });

  it('the footer marks where the fair tail starts, and verify judges live by it', async () => {
    const ok = await runConformance({ adapter: new ReferenceAdapter({ variant: 'fixed' }), shape: DEFAULT_SHAPE, runs: 2, seed: 4, historyDir: join(dir, 'live'), coverage: false });
    const file = ok.histories['last']!;
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const footer = lines[lines.length - 1];
    expect(footer.fairFrom).toBeGreaterThanOrEqual(1);
    expect(footer.fairFrom).toBeLessThanOrEqual(footer.steps);
    expect((await verifyFile(file)).level).toBe('live');
    // Without the marker the same steps are judged only up to refines.
    const unmarked = join(dir, 'unmarked.jsonl');
    writeFileSync(unmarked, [...lines.slice(0, -1), { ...footer, fairFrom: undefined }].map((l) => JSON.stringify(l)).join('\n') + '\n');
    expect((await verifyFile(unmarked)).level).toBe('refines');

    const lazy = await runConformance({ adapter: new ReferenceAdapter({ variant: 'lazy' }), shape: DEFAULT_SHAPE, runs: 2, seed: 4, historyDir: join(dir, 'lazy'), coverage: false });
    const v = await verifyFile(lazy.histories['min']!);
    expect(v.level).toBe('refines');
    expect(v.violations.map((x) => x.property)).toEqual(['Converges']);
  });
});
