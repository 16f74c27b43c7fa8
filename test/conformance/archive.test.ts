import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReferenceAdapter } from '../../adapters/reference/index.js';
import { postmortem, runConformance, verifyArchive, verifyFile, type ConformanceResult } from '../../conformance/index.js';
import { DEFAULT_SHAPE } from '../../spec/index.js';
import { dnsplan, dnsplanIn } from '../support/cli.js';
import { HANG_MS } from '../support/hang.js';
import { DNSPLAN_BIN } from '../support/serve.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplan-archive-'));
let passing: ConformanceResult;
let failing: ConformanceResult;

beforeAll(async () => {
  passing = await runConformance({ adapter: new ReferenceAdapter({ variant: 'fixed' }), shape: DEFAULT_SHAPE, runs: 12, seed: 2, historyDir: join(dir, 'fixed'), coverage: false });
  // The race fails on the first run, the only one the archive holds (shrinking reruns are not runs).
  failing = await runConformance({
    adapter: new ReferenceAdapter({ variant: 'aws-2025' }),
    shape: { ...DEFAULT_SHAPE, collector: false },
    runs: 1,
    seed: 1,
    named: [postmortem(['a', 'b', 'c'])!],
    historyDir: join(dir, 'aws'),
    coverage: false,
  });
});

/** The archive's run lines, decompressed. */
const runLines = (file: string) =>
  gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.startsWith('{"type":"run"'))
    .map((l) => JSON.parse(l) as { run: number; verdict: string; schedule: string });

describe("the archive of every run's history", () => {
  it('holds every run of a conformance run, each under the number its history header names, each judged as the run was', async () => {
    expect(passing.verdict).toBe('conformant');
    const file = passing.histories['runs']!;
    expect(file).toBe(join(dir, 'fixed', 'runs.jsonl.gz'));
    const a = await verifyArchive(file);
    expect(a.damage).toBeUndefined();
    expect(a.runs).toHaveLength(passing.runs);
    expect(a.runs.map((r) => r.line.run)).toEqual([...Array(passing.runs).keys()]);
    for (const { line, result } of a.runs) {
      expect(result.header?.run).toBe(line.run);
      expect(result).toMatchObject({ status: 'checked', complete: true, level: 'live', violations: [] });
      expect(line.verdict).toBe('holds');
      expect(result.steps).toBe(line.steps);
    }
    // The last run's history is the same bytes in the archive and in history.jsonl.
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    expect(text.endsWith(readFileSync(passing.histories['last']!, 'utf8'))).toBe(true);
  });

  it('verify judges the failing run inside the archive as the run was judged, and prints the line that replays it', async () => {
    const ce = failing.counterexample!;
    expect(failing.verdict).toBe('not-conformant');
    const file = failing.histories['runs']!;
    const lines = runLines(file);
    expect(lines).toHaveLength(failing.runs);
    const failed = (await verifyFile(failing.histories['fail']!)).header!.run;
    expect(lines.find((l) => l.run === failed)?.verdict).toBe('violated');
    const r = await dnsplanIn(['verify', file, '--run', String(failed), '--json']);
    expect(r.code, r.stderr).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ verdict: 'violated', run: failed, claimed: 'violated' });
    expect(j.violations.map((v: { property: string }) => v.property)).toContain(ce.violation.property);
    expect(j.replay).toMatch(new RegExp(`verify .*runs\\.jsonl\\.gz --run ${failed} --json$`));
    const all = await dnsplanIn(['verify', file]);
    expect(all.code).toBe(1);
    expect(all.stdout).toContain(`run ${failed}: violated: ${ce.violation.property}`);
    expect(all.stdout).toMatch(/: 1 run judged: 1 violated\n/);
  });

  it('a truncated archive: exit 2, one sentence naming the file and the run, after judging the runs before it', async () => {
    const whole = readFileSync(passing.histories['runs']!);
    const cut = join(dir, 'cut.jsonl.gz');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const r = await dnsplanIn(['verify', cut]);
    expect(r.code).toBe(2);
    const judged = Number(/: (\d+) runs? judged: \d+ holds?/.exec(r.stdout)?.[1]);
    expect(judged).toBeGreaterThan(0);
    expect(judged).toBeLessThan(passing.runs);
    expect(r.stderr.trim().split('\n')).toEqual([
      `dnsplan verify: the archive ${cut} is damaged in run ${judged}: it is cut off (unexpected end of the compressed data); the ${judged} runs read whole before it are judged`,
    ]);
    // A run before the damage is judged on its own; one after it is named as lost.
    expect((await dnsplanIn(['verify', cut, '--run', '0'])).code).toBe(0);
    const lost = await dnsplanIn(['verify', cut, '--run', String(passing.runs - 1)]);
    expect(lost.code).toBe(2);
    expect(lost.stderr).toContain(`is damaged in run ${judged}: it is cut off`);
    expect(`${lost.stderr}${r.stderr}`).not.toMatch(/\n\s+at /);
  });

  it('a corrupt member, a gzip that is not an archive, a missing run and --run on a plain history: exit 2 with one sentence', async () => {
    // The runs fit one member: a wrong checksum in its trailer is found once all of them are
    // decompressed. What the last chunk read held is lost with the error: the last run, unless
    // that chunk held only the trailer.
    const bad = Buffer.from(readFileSync(passing.histories['runs']!));
    bad[bad.length - 8]! ^= 1;
    writeFileSync(join(dir, 'corrupt.gz'), bad);
    const corrupt = await dnsplanIn(['verify', join(dir, 'corrupt.gz')]);
    expect(corrupt.code).toBe(2);
    const last = passing.runs - 1;
    expect([
      `dnsplan verify: the archive ${join(dir, 'corrupt.gz')} is damaged in run ${last}: its compressed data is corrupt (incorrect data check); the ${last} runs read whole before it are judged`,
      `dnsplan verify: the archive ${join(dir, 'corrupt.gz')} is damaged after run ${last}: its compressed data is corrupt (incorrect data check); the ${passing.runs} runs read whole before it are judged`,
    ]).toContain(corrupt.stderr.trim());
    writeFileSync(join(dir, 'plain.gz'), gzipSync(readFileSync(passing.histories['last']!)));
    const plain = await dnsplanIn(['verify', join(dir, 'plain.gz')]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('is damaged before its first run: line 1 is not a run line');
    const missing = await dnsplanIn(['verify', passing.histories['runs']!, '--run', '99']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`holds no run 99 (it holds ${passing.runs} runs)`);
    const usage = await dnsplanIn(['verify', passing.histories['last']!, '--run', '1']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--run K picks a run of an archive');
    const drawn = await dnsplanIn(['verify', passing.histories['runs']!, '--run', '0', '--html', join(dir, 'r.html')]);
    expect(drawn.code).toBe(2);
    expect(drawn.stderr).toContain('--html, --itf and --summary draw a single history file, not a run of an archive');
    expect(existsSync(join(dir, 'r.html'))).toBe(false);
  });

  it('a second process given the same --history-dir is refused while the first writes its archive', async () => {
    const shared = join(dir, 'shared');
    const first = spawn(process.execPath, [DNSPLAN_BIN, 'conform', '--reference', 'fixed', '--seed', '1', '--runs', '1000000', '--no-coverage', '--deadline', '60', '--quiet', '--history-dir', shared], { stdio: 'ignore' });
    try {
      const until = Date.now() + HANG_MS;
      while (!existsSync(join(shared, '.dnsplan.lock')) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      const second = dnsplan(['conform', '--reference', 'fixed', '--seed', '1', '--runs', '1', '--no-coverage', '--history-dir', shared]);
      expect(second.code).toBe(2);
      expect(second.stderr.trim()).toBe(`dnsplan conform: another dnsplan process (pid ${first.pid}) is writing histories in ${shared}; give this run another --history-dir`);
    } finally {
      first.kill();
    }
    await new Promise((r) => first.once('exit', r));
  });
});
