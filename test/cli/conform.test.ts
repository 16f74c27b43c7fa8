import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dnsplanIn } from '../support/cli.js';
import { DNSPLAN_BIN, startServer } from '../support/serve.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplan-conform-'));
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(stops.map((s) => s()));
});

describe('dnsplan conform', () => {
  it('--reference fixed exits 0, conformant at live, with a badge and a JUnit report', async () => {
    const r = await dnsplanIn(['conform', '--reference', 'fixed', '--seed', '1', '--history-dir', join(dir, 'fixed'), '--badge', join(dir, 'badge.json'), '--junit', join(dir, 'junit.xml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('is conformant at level live');
    expect(r.stdout).toMatch(/spec coverage: \d+ of 1543 reachable states/);
    expect(r.stdout).toContain('5308 of 5308 transitions (100.0%)');
    expect(JSON.parse(readFileSync(join(dir, 'badge.json'), 'utf8'))).toEqual({ schemaVersion: 1, label: 'dnsplan', message: 'live · 100% transitions', color: 'brightgreen' });
    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(xml).toContain('tests="3" failures="0"');
    expect(xml).toMatch(/<property name="coverage.transitions" value="5308\/5308"\/>/);
  });

  it('--reference aws-2025 exits 1 with the shrunk race, and its replay line reproduces it', async () => {
    const r = await dnsplanIn(['conform', '--reference', 'aws-2025', '--no-collector', '--seed', '5', '--json', '--history-dir', join(dir, 'aws')]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Record<string, any>;
    expect(out['verdict']).toBe('not-conformant');
    expect(out['levelReached']).toBe('none');
    expect(out['counterexample'].violation.level).toBe('safe');
    expect(out['histories'].min).toBe(join(dir, 'aws', 'history-min.jsonl'));
    const replay = (out['counterexample'].replay as string).match(/--schedule ([^ ]+)/)![1]!;
    const again = await dnsplanIn(['conform', '--reference', 'aws-2025', '--no-collector', '--schedule', replay, '--json', '--history-dir', join(dir, 'aws2')]);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).counterexample.violation).toEqual(out['counterexample'].violation);
    const verified = await dnsplanIn(['verify', join(dir, 'aws', 'history-min.jsonl'), '--json']);
    expect(verified.code).toBe(1);
    expect(JSON.parse(verified.stdout).violations.map((v: { property: string }) => v.property)).toContain(out['counterexample'].violation.property);
  });

  it('--reference text-generations exits 1 at level live with default flags, and its replay line pins the first generation', async () => {
    const r = await dnsplanIn(['conform', '--reference', 'text-generations', '--seed', '1', '--json', '--history-dir', join(dir, 'text')]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Record<string, any>;
    expect(out['levelReached']).toBe('refines');
    expect(out['counterexample'].violation.property).toBe('Converges');
    const replay = out['counterexample'].replay as string;
    const first = replay.match(/--first-generation (\d+)/)![1]!;
    expect(['9', '99']).toContain(first);
    const again = await dnsplanIn(['conform', '--reference', 'text-generations', '--schedule', replay.match(/--schedule ('[^']*'|[^ ]+)/)![1]!.replace(/^'|'$/g, ''), '--first-generation', first, '--json', '--history-dir', join(dir, 'text2')]);
    expect(again.code).toBe(1);
    const fixed = await dnsplanIn(['conform', '--reference', 'fixed', '--schedule', '', '--first-generation', first, '--history-dir', join(dir, 'text3')]);
    expect(fixed.code).toBe(0);
  });

  it.each(['first-endpoint-only', 'resume-after-crash'])('--reference %s exits 1 with default flags: the sweep runs 2 and 3 endpoints with crashes, and the replay line pins them', async (variant) => {
    const r = await dnsplanIn(['conform', '--reference', variant, '--seed', '1', '--json', '--history-dir', join(dir, variant)]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Record<string, any>;
    expect(out['constants'].crashes).toBe(true);
    expect(out['constants'].endpoints.length).toBeGreaterThan(1);
    expect(out['swept'].at(-1).verdict).toBe('not-conformant');
    expect(out['replay']).toMatch(/ --endpoints \d --crashes /);
    expect(out['counterexample'].replay).toMatch(/ --endpoints \d --crashes /);
  });

  it('the line a failing swept run prints replays exactly that run: the same runs, violation and minimal schedule', async () => {
    const r = await dnsplanIn(['conform', '--reference', 'first-endpoint-only', '--seed', '3', '--json', '--history-dir', join(dir, 'sweep-first')]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Record<string, any>;
    expect(out['swept'].at(-1).verdict).toBe('not-conformant');
    expect(out['replay']).toMatch(/ --runs 20 .*--no-coverage/);
    // The line as printed, word for word, with only the history directory moved.
    const words = String(out['replay']).replace(join(dir, 'sweep-first'), join(dir, 'sweep-again')).split(' ');
    expect(words.slice(0, 3)).toEqual(['npx', 'dnsplan', 'conform']);
    const again = await dnsplanIn(words.slice(2));
    expect(again.code).toBe(1);
    const rerun = JSON.parse(again.stdout) as Record<string, any>;
    expect(rerun['constants']).toEqual(out['constants']);
    expect(rerun['runs']).toBe(out['runs']);
    expect(rerun['counterexample'].violation).toEqual(out['counterexample'].violation);
    expect(rerun['counterexample'].schedule).toEqual(out['counterexample'].schedule);
    expect(rerun['swept']).toBeUndefined();
  });

  it('--reference fixed reports the constants it swept, and sweeps none when both are pinned', async () => {
    const r = await dnsplanIn(['conform', '--reference', 'fixed', '--seed', '2', '--runs', '10', '--history-dir', join(dir, 'swept')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('constants swept (not pinned by --endpoints/--crashes): 2 runs with 2 endpoints and crashes: conformant; 2 runs with 3 endpoints and crashes: conformant');
    const pinned = await dnsplanIn(['conform', '--reference', 'fixed', '--seed', '2', '--runs', '10', '--endpoints', '1', '--no-coverage', '--json', '--history-dir', join(dir, 'pinned')]);
    expect(JSON.parse(pinned.stdout).swept).toEqual([expect.objectContaining({ runs: 2, verdict: 'conformant' })]);
    expect(JSON.parse(pinned.stdout).swept[0].constants).toMatchObject({ endpoints: ['regional'], crashes: true });
  });

  it('counts what it ran in words that agree with the numbers: 1 run, not 1 runs', async () => {
    const r = await dnsplanIn(['conform', '--reference', 'aws-2025', '--no-collector', '--schedule', 'postmortem', '--runs', '1', '--history-dir', join(dir, 'one')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\n1 run, \d+ steps in /);
  });

  it('gives the same verdicts through serve-reference over HTTP, in another process', async () => {
    for (const [variant, code] of [['fixed', 0], ['aws-2025', 1]] as const) {
      const server = await startServer(process.execPath, [DNSPLAN_BIN, 'serve-reference', '--variant', variant, '--port', '0']);
      stops.push(server.stop);
      const r = await dnsplanIn(['conform', '--target', server.url, '--seed', '3', '--runs', '60', '--coverage', 'off', '--json', '--history-dir', join(dir, `http-${variant}`)]);
      expect(r.code, r.stderr).toBe(code);
      expect(JSON.parse(r.stdout).target).toBe(server.url);
      await server.stop();
    }
  });

  it('an implementation that never comes up ends the run with exit 2, saying so, with no blame', async () => {
    const port = await new Promise<number>((ok) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => ok(p));
      });
    });
    const r = await dnsplanIn(['conform', '--target', `http://127.0.0.1:${port}`, '--seed', '1', '--wait-ready', '1', '--history-dir', join(dir, 'refused')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`nothing accepted a connection at http://127.0.0.1:${port} within 1 s (--wait-ready): the implementation never came up`);
    expect(r.stderr).toContain('rerun with:');
    expect(r.stderr).not.toContain('broke the protocol');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['conform'], 'give exactly one of --reference V, --target URL, --coredns or --rfc2136 SERVER'],
    [['conform', '--reference', 'fixed', '--target', 'http://127.0.0.1:1'], 'give exactly one of'],
    [['conform', '--reference', 'nope'], "unknown reference 'nope'; known: aws-2025"],
    [['conform', '--reference', 'fixed', '--level', 'perfect'], "unknown level 'perfect'; known: safe, refines, live"],
    [['conform', '--reference', 'fixed', '--runs', '0'], '--runs must be an integer from 1 to 1000000, got 0'],
    [['conform', '--reference', 'fixed', '--schedule', 'plan,step:q'], "--schedule: schedule item 2 'step:q'"],
    [['verify', '/no/such/file.jsonl'], 'no such file: /no/such/file.jsonl'],
  ])('%j is a usage error', async (args, message) => {
    const r = await dnsplanIn(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
