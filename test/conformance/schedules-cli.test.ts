import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dnsplanIn } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplan-schedules-'));
const s = join(dir, 's.json');

describe('counterexamples as conformance schedules, through the command line', () => {
  it('check --schedules writes the race; conform --schedules fails aws-2025 naming the schedule, and passes fixed', async () => {
    const checked = await dnsplanIn(['check', '--variant', 'aws-2025', '--no-collector', '--schedules', s]);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toContain('RecordNeverEmpty');
    expect(checked.stdout).toMatch(/replay with: .*--schedules /);
    expect(JSON.parse(readFileSync(s, 'utf8')).schedules[0].name).toBe('RecordNeverEmpty');

    const aws = await dnsplanIn(['conform', '--reference', 'aws-2025', '--no-collector', '--schedules', s, '--seed', '1', '--coverage', 'off', '--json', '--history-dir', join(dir, 'aws')]);
    expect(aws.code, aws.stderr).toBe(1);
    const out = JSON.parse(aws.stdout);
    expect(out.runs).toBe(1);
    expect(out.counterexample.named).toEqual({ name: 'postmortem', source: 'built in' });

    const human = await dnsplanIn(['conform', '--reference', 'aws-2025', '--no-collector', '--schedules', s, '--seed', '1', '--no-coverage', '--history-dir', join(dir, 'aws2')]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('the failing schedule: postmortem (built in)');

    const fixed = await dnsplanIn(['conform', '--reference', 'fixed', '--no-collector', '--schedules', s, '--seed', '1', '--json', '--history-dir', join(dir, 'fixed')]);
    expect(fixed.code, fixed.stderr).toBe(0);
    const ok = JSON.parse(fixed.stdout);
    expect(ok.phases.named).toBe(5);
    expect(ok.coverage.transitions.covered).toBe(ok.coverage.transitions.reachable);
  });

  it('the file of another shape names the path of the first difference, a run that cannot have it is exit 2', async () => {
    const other = join(dir, 'no-collector.json');
    expect((await dnsplanIn(['check', '--variant', 'fixed', '--no-collector', '--schedules', other])).code).toBe(0);
    const r = await dnsplanIn(['conform', '--reference', 'fixed', '--schedules', other]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--schedules ${other} at /constants/collector: made for collector false, but this run has true`);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format": "dnsplan-schedules/1",\n "constants": 3, "schedules": []}');
    const b = await dnsplanIn(['conform', '--reference', 'fixed', '--schedules', bad]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/bad\.json at \/constants: not a schedule file .*must be object/);
    const missing = await dnsplanIn(['conform', '--reference', 'fixed', '--schedules', join(dir, 'none.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read it');
  });

  it('--schedule postmortem runs the race alone: exit 1 on the first run against aws-2025, 0 against fixed', async () => {
    const aws = await dnsplanIn(['conform', '--reference', 'aws-2025', '--no-collector', '--schedule', 'postmortem', '--json', '--history-dir', join(dir, 'pm')]);
    expect(aws.code).toBe(1);
    expect(JSON.parse(aws.stdout).runs).toBe(1);
    const fixed = await dnsplanIn(['conform', '--reference', 'fixed', '--schedule', 'postmortem', '--json', '--history-dir', join(dir, 'pm2')]);
    expect(fixed.code).toBe(0);
    expect(JSON.parse(fixed.stdout).runs).toBe(1);
    const one = await dnsplanIn(['conform', '--reference', 'fixed', '--enactors', '1', '--schedule', 'postmortem']);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('--schedule postmortem needs at least 2 enactors');
  });

  it('a coverage goal beyond --max-states is exit 2 naming the limit to raise', async () => {
    const r = await dnsplanIn(['conform', '--reference', 'fixed', '--max-states', '100', '--history-dir', join(dir, 'max')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('more than 100 reachable states');
    expect(r.stderr).toContain('raise --max-states');
  });
});
