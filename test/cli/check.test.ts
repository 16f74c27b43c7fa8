import { describe, expect, it } from 'vitest';
import { EXPECTED_RESULTS, DEFAULT_SHAPE, type VariantName } from '../../spec/index.js';
import { dnsplan, dnsplanIn } from '../support/cli.js';

/** The expected complete counts of a variant with the default constants, from spec/verdicts.ts. */
const counts = (variant: VariantName, collector: boolean) => {
  const row = EXPECTED_RESULTS.find((r) => r.variant === variant && JSON.stringify(r.shape) === JSON.stringify({ ...DEFAULT_SHAPE, collector }));
  if (row?.counts === undefined) throw new Error(`no counts for ${variant}`);
  return row.counts;
};
const fmt = (n: number | undefined) => (n ?? 0).toLocaleString('en-US');

describe('dnsplan check', () => {
  it('prints the postmortem race and exits 1 for aws-2025 without the collector, as a process', () => {
    const r = dnsplan(['check', '--variant', 'aws-2025', '--no-collector', '--invariant', 'RecordNeverEmpty']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('RecordNeverEmpty is violated');
    const rows = r.stdout.split('\n').filter((l) => /^\s+\d+\s+\S/.test(l));
    expect(rows.map((l) => l.trim().split(/\s{2,}/)[1])).toEqual([
      '(initial)', 'Plan', 'Pick(a)', 'Plan', 'Plan', 'Pick(b)', 'Write(b, regional)', 'Write(a, regional)', 'Clean(b)',
    ]);
    expect(r.stdout).toMatch(/replay with: (npx )?dnsplan check --variant aws-2025 --no-collector --invariant RecordNeverEmpty$/m);
  });

  it('exits 0 with the state count for fixed', async () => {
    const r = await dnsplanIn(['check', '--variant', 'fixed']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/RecordNeverEmpty\s+holds/);
    const c = counts('fixed', true);
    expect(r.stdout).toContain(`${fmt(c.distinct)} distinct states, ${fmt(c.generated)} generated, depth ${c.depth}`);
    expect(r.stdout).toContain('Converges assumes weak fairness of Plan, Pick, Write, Clean');
  });

  it('says when Converges holds by its progress measure, and --search-cycles searches for the cycles anyway', async () => {
    const measured = await dnsplanIn(['check', '--variant', 'fixed', '--crashes', '--json']);
    const searched = await dnsplanIn(['check', '--variant', 'fixed', '--crashes', '--search-cycles', '--json']);
    expect([measured.code, searched.code]).toEqual([0, 0]);
    const m = JSON.parse(measured.stdout) as Record<string, any>;
    const s = JSON.parse(searched.stdout) as Record<string, any>;
    const converges = (o: Record<string, any>) => (o['properties'] as Record<string, unknown>[]).find((p) => p['name'] === 'Converges')!;
    expect(converges(m)).toMatchObject({ status: 'holds', by: 'progress' });
    expect(converges(m)['proof']).toMatch(/no cycle without a Crash step/);
    expect(converges(s)).toMatchObject({ status: 'holds' });
    expect(converges(s)['by']).toBeUndefined();
    expect([m['stats'].livenessBytes, s['stats'].livenessBytes > 0]).toEqual([0, true]);
    expect(s['replay']).toMatch(/ check --variant fixed --crashes --search-cycles --json$/);
    const text = await dnsplanIn(['check', '--variant', 'fixed', '--crashes']);
    expect(text.stdout).toMatch(/Converges holds because the graph has no cycle without a Crash step/);
  });

  it('--continue counts a violating variant whole, as TLC -continue does', async () => {
    const r = await dnsplanIn(['check', '--variant', 'aws-2025', '--continue', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Record<string, any>;
    const c = counts('aws-2025', true);
    expect([out['stats'].distinct, out['stats'].generated, out['stats'].depth]).toEqual([c.distinct, c.generated, c.depth]);
    expect(out['replay']).toMatch(/--continue/);
  });

  it('--symmetry stores orbits, reports the states they stand for, and proves Converges by its progress measure', async () => {
    const plain = JSON.parse((await dnsplanIn(['check', '--variant', 'fixed', '--crashes', '--json'])).stdout) as Record<string, any>;
    const r = await dnsplanIn(['check', '--variant', 'fixed', '--crashes', '--symmetry', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, any>;
    expect(out['stats'].represented).toBe(plain['stats'].distinct);
    expect(out['stats'].distinct).toBeLessThan(plain['stats'].distinct);
    const converges = (out['properties'] as any[]).find((p) => p.name === 'Converges');
    expect(converges).toMatchObject({ status: 'holds', by: 'progress' });
    expect(converges.proof).toContain("compared on each step between orbits' representatives");
  });

  it('--symmetry leaves Converges undecided, exit 2 with one sentence, where a step does not raise its measure; the replay line does the same', async () => {
    const args = ['check', '--variant', 'ownership-only', '--crashes', '--symmetry', '--invariant', 'Converges'];
    const r = await dnsplanIn(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/Converges\s+incomplete/);
    expect(r.stdout).toContain('incomplete: Converges undecided: under --symmetry it is proved only by its progress measure, and a step did not raise it');
    const line = /replay with: npx dnsplan (.*)/.exec(r.stdout)?.[1];
    expect(line?.split(' ').sort()).toEqual([...args].sort());
    const again = await dnsplanIn(line!.split(' '));
    expect(again.code).toBe(2);
    expect(again.stdout).toMatch(/Converges\s+incomplete/);
  });

  it('--symmetry with one enactor says there is nothing to reduce and goes on', async () => {
    const r = await dnsplanIn(['check', '--variant', 'fixed', '--enactors', '1', '--symmetry']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('--symmetry with one enactor has nothing to reduce');
    expect(r.stdout).toMatch(/Converges\s+holds/);
  });

  it('--json prints one object with verdicts, traces, stats and the replay line', async () => {
    const r = await dnsplanIn(['check', '--variant', 'cas-only', '--no-collector', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Record<string, any>;
    expect(out['command']).toBe('check');
    expect(out['outcome']).toBe('violated');
    const byName = Object.fromEntries((out['properties'] as any[]).map((p) => [p.name, p]));
    expect(byName['NoActivePlanDeleted'].status).toBe('violated');
    expect(byName['NoActivePlanDeleted'].trace.length).toBe(7);
    expect(byName['RecordNeverEmpty'].status).toBe('holds');
    expect(out['stats'].distinct).toBe(counts('cas-only', false).distinct);
    expect(out['constants'].enactors).toEqual(['a', 'b', 'c']);
    expect(out['replay']).toMatch(/^(npx )?dnsplan check --variant cas-only --no-collector --json$/);
  });

  it('stops at --max-states, says so, and never calls the result holds', async () => {
    const r = await dnsplanIn(['check', '--variant', 'fixed', '--max-states', '100', '--json']);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as Record<string, any>;
    expect(out['outcome']).toBe('incomplete');
    expect(out['reason']).toBe('max-states');
    expect(out['stats'].distinct).toBe(100);
    expect((out['properties'] as any[]).every((p) => p.status === 'incomplete')).toBe(true);
  });

  it('stops cleanly when the state space does not fit the memory budget', async () => {
    const r = await dnsplanIn(['check', '--variant', 'fixed', '--enactors', '8', '--endpoints', '8', '--max-plan', '15', '--max-memory', '0.01']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('do not fit in the 0.01 GiB memory budget');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it.each([
    [['check', '--variant', 'nope'], "unknown variant 'nope'; known: aws-2025, cas-only, ownership-only, fixed"],
    [['check'], '--variant is required'],
    [['check', '--variant', 'fixed', '--keep', '0'], '--keep must be an integer from 1 to 16, got 0'],
    [['check', '--variant', 'fixed', '--enactors', '-3'], '--enactors must be an integer from 1 to 8, got -3'],
    [['check', '--variant', 'fixed', '--max-plan', '99999999999'], '--max-plan must be an integer from 1 to 15'],
    [['check', '--variant', 'fixed', '--endpoints', 'two'], '--endpoints must be an integer from 1 to 8, got two'],
    [['check', '--variant', 'fixed', '--invariant', 'Nope'], "unknown property 'Nope'; known: RecordNeverEmpty"],
    [['check', '--variant', 'fixed', '--frobnicate'], "unknown option '--frobnicate'"],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['check', '--variant', 'fixed', '--symmetry', '--search-cycles'], '--search-cycles cannot be used with --symmetry'],
  ])('%j is a usage error: exit 2, one clear sentence, no stack trace', async (args, message) => {
    const r = await dnsplanIn(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
});

describe('dnsplan simulate', () => {
  it('finds the aws-2025 violation from a seed, reproducibly', async () => {
    const args = ['simulate', '--variant', 'aws-2025', '--runs', '2000', '--depth', '30', '--seed', '7', '--json'];
    const a = await dnsplanIn(args);
    const b = await dnsplanIn(args);
    expect(a.code).toBe(1);
    expect(a.stdout).toBe(b.stdout.replace(/"seconds":[\d.e-]+/, (m) => a.stdout.match(/"seconds":[\d.e-]+/)![0]));
    const out = JSON.parse(a.stdout) as Record<string, any>;
    expect(out['seed']).toBe(7);
    expect(out['violations'].length).toBeGreaterThan(0);
    expect(out['replay']).toContain('--seed 7');
  });

  it('finds nothing in fixed and says that proves nothing', async () => {
    const r = await dnsplanIn(['simulate', '--variant', 'fixed', '--runs', '200', '--depth', '40', '--seed', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no violation found');
    expect(r.stdout).toContain('proves nothing');
  });
});

describe('dnsplan demo (npm start)', () => {
  it('shows the race in the spec and in an implementation, and the fix in both', async () => {
    const r = await dnsplanIn(['demo']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('RecordNeverEmpty is violated');
    expect(r.stdout).toMatch(/RecordNeverEmpty\s+holds/);
    expect(r.stdout).toContain('reference:aws-2025 (observed through implementation) is NOT conformant');
    expect(r.stdout).toContain('reference:fixed (observed through implementation) is conformant at level live');
  });
});
