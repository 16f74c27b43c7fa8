import { describe, expect, it } from 'vitest';
import { dnsplan, dnsplanIn } from '../support/cli.js';

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
    expect(r.stdout).toMatch(/[\d,]+ distinct states, [\d,]+ generated, depth \d+/);
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
    expect(out['stats'].distinct).toBeGreaterThan(0);
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
    const r = await dnsplanIn(['check', '--variant', 'fixed', '--enactors', '8', '--endpoints', '8', '--max-plan', '15', '--max-memory', '0.05']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('do not fit in the 0.05 GiB memory budget');
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
