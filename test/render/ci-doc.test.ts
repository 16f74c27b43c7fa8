/**
 * docs/ci.md's workflow, run: every `run:` step in order, in a fresh git clone with a bare
 * origin, with the environment GitHub's runner gives (GITHUB_RUN_NUMBER, GITHUB_STEP_SUMMARY,
 * RUNNER_TEMP). The one step not run is `npm ci`: in its place the test puts the dnsplan
 * under test where `npm ci` would (node_modules/.bin/dnsplan), so `npx dnsplan` runs it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { DNSPLAN_BIN } from '../support/serve.js';

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
}

const doc = readFileSync(resolve(import.meta.dirname, '../../docs/ci.md'), 'utf8');
const yaml = /```yaml\n([\s\S]*?)```/.exec(doc)![1]!;
const workflow = load(yaml) as { jobs: { conform: { env: Record<string, string>; steps: Step[] } } };
const steps = workflow.jobs.conform.steps;

function freePort(): Promise<number> {
  return new Promise((ok, ko) => {
    const s = createServer();
    s.once('error', ko);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

const root = mkdtempSync(join(tmpdir(), 'dnsplan-ci-'));
const work = join(root, 'work');
let enactorPid: number | undefined;

afterAll(() => {
  if (enactorPid !== undefined) {
    try {
      process.kill(enactorPid);
    } catch {
      // already stopped by the workflow's own step
    }
  }
});

describe('docs/ci.md', () => {
  it('is a workflow whose steps are the ones described', () => {
    expect(steps.map((s) => s.name ?? s.uses)).toEqual([
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'Install dnsplan',
      'Start the enactor',
      'Check the enactor against the spec',
      'Stop the enactor',
      'Keep the histories and the report',
      'Publish the badge',
    ]);
    expect(steps.find((s) => s.name === 'Install dnsplan')!.run!.trim()).toBe('npm ci');
  });

  it('every run: step works: the enactor starts, conform writes the report, the badge is published', async () => {
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const origin = join(root, 'origin.git');
    git(root, 'init', '-q', '--bare', '-b', 'main', origin);
    git(root, 'clone', '-q', origin, work);
    writeFileSync(join(work, 'README.md'), 'an enactor\n');
    git(work, 'add', 'README.md');
    git(work, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'start');
    git(work, 'push', '-q', 'origin', 'main');
    // What `npm ci` leaves for `npx dnsplan`: the dnsplan bin in node_modules/.bin.
    mkdirSync(join(work, 'node_modules', '.bin'), { recursive: true });
    const shim = join(work, 'node_modules', '.bin', 'dnsplan');
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${DNSPLAN_BIN}" "$@"\n`);
    chmodSync(shim, 0o755);
    writeFileSync(join(work, '.gitignore'), 'node_modules/\n');
    const summary = join(root, 'step-summary.md');
    const runnerTemp = join(root, 'runner-temp');
    mkdirSync(runnerTemp);
    const env = {
      ...process.env,
      ...workflow.jobs.conform.env,
      ENACTOR_PORT: String(await freePort()),
      GITHUB_RUN_NUMBER: '7',
      GITHUB_STEP_SUMMARY: summary,
      RUNNER_TEMP: runnerTemp,
      NO_COLOR: '1',
      npm_config_offline: 'true',
    };
    const results: { name: string; code: number | null; out: string }[] = [];
    for (const step of steps) {
      if (step.run === undefined || step.name === 'Install dnsplan') continue;
      // Steering the Python enactor over HTTP to every spec transition takes a minute or two; here the
      // generated runs are enough (coverage is still measured, and the badge still gives it).
      const run = step.run.replace('dnsplan conform ', 'dnsplan conform --coverage off ');
      const r = spawnSync('bash', ['-eo', 'pipefail', '-c', run], { cwd: work, env, encoding: 'utf8', timeout: 240_000 });
      results.push({ name: step.name!, code: r.status, out: `${r.stdout}${r.stderr}` });
      if (step.name === 'Start the enactor') enactorPid = Number(readFileSync(join(work, 'enactor.pid'), 'utf8'));
    }
    for (const r of results) expect(r.code, `${r.name}: ${r.out}`).toBe(0);
    const conform = results.find((r) => r.name === 'Check the enactor against the spec')!;
    expect(conform.out).toContain('is conformant at level live');
    expect(readFileSync(join(work, 'report', 'dnsplan.html'), 'utf8')).toContain('conformant at level live');
    expect(readFileSync(join(work, 'report', 'junit.xml'), 'utf8')).toContain('<testcase classname="dnsplan.conform" name="level live"');
    expect(existsSync(join(work, 'report', 'histories', 'history.jsonl'))).toBe(true);
    expect(existsSync(join(work, 'report', 'histories', 'runs.jsonl.gz'))).toBe(true);
    expect(conform.out).toContain(`every run's history: report/histories/runs.jsonl.gz`);
    expect(readFileSync(summary, 'utf8')).toContain('**dnsplan conform: conformant at level live**');
    expect(git(root, '--git-dir', origin, 'show', 'badges:dnsplan.svg')).toMatch(/^<svg[\s\S]*dnsplan: live/);
    expect(JSON.parse(git(root, '--git-dir', origin, 'show', 'badges:dnsplan.json')).message).toMatch(/^live · \d+% transitions$/);
  }, 300_000);
});
