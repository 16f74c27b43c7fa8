/**
 * Every command prints the line that replays it, built from its flag table and the flags
 * actually given. Each test runs a command in-process with flags the old hand-made lines
 * dropped, then runs the printed line in a POSIX shell, as a user pastes it, and expects the
 * same verdict (and, for check and simulate, the same violation).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveAdapter } from '../../adapters/http/index.js';
import { ReferenceAdapter } from '../../adapters/reference/index.js';
import type { Io } from '../../src/cli/command.js';
import { checkCommand } from '../../src/cli/commands/check.js';
import { corednsCorefileCommand } from '../../src/cli/commands/coredns-corefile.js';
import { rfc2136ConfigCommand } from '../../src/cli/commands/rfc2136-config.js';
import { conformCommand } from '../../src/cli/commands/conform.js';
import { simulateCommand } from '../../src/cli/commands/simulate.js';
import { verifyCommand } from '../../src/cli/commands/verify.js';
import { dnsplanCommand, replayLine, shellQuote } from '../../src/cli/replay.js';
import { etcdAvailable, startEtcd } from '../support/etcd.js';
import { DNSPLAN_BIN } from '../support/serve.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'dnsplan-replay-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

/** Runs a command in-process, as main would, and captures what it prints. */
async function inProcess(command: typeof checkCommand, args: string[], options: Record<string, unknown>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), interactive: false };
  const code = await command.run(args, options, io);
  return { code, out, err };
}

/**
 * Runs a printed replay line in a POSIX shell at the project's root, without `dnsplan` on
 * PATH. The shell reads the line exactly as printed; only `npx` itself is, apart from the
 * check test, a shell function that runs the same bin (npm's own start-up costs about a
 * second per line on a busy machine, and one test is enough to show npx finds the bin).
 */
function shell(line: string, realNpx = false): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const path = (process.env.PATH ?? '').split(delimiter).filter((d) => !d.includes('node_modules')).join(delimiter);
  const script = realNpx ? line : `npx() { [ "$1" = dnsplan ] || exit 127; shift; "$NODE" "$DNSPLAN_BIN" "$@"; }\n${line}`;
  return new Promise((ok) => {
    const child = spawn('sh', ['-c', script], { cwd: ROOT, env: { ...process.env, PATH: path, NO_COLOR: '1', NODE: process.execPath, DNSPLAN_BIN } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      ok({ code, stdout, stderr });
    });
  });
}

const json = (text: string) => JSON.parse(text) as Record<string, any>;

describe('replayLine', () => {
  const flags = [
    { name: '--variant', value: 'V', description: '' },
    { name: '--no-collector', description: '' },
    { name: '--crashes', description: '' },
    { name: '--invariant', value: 'NAME', description: '', repeatable: true },
    { name: '--seed', value: 'S', description: '' },
  ];

  it('writes exactly the flags given, switches by their value, repeatable ones once per value', () => {
    const line = replayLine('check', flags, { variant: 'fixed', collector: true, crashes: undefined, invariant: ['A', 'B'] });
    expect(line.endsWith('check --variant fixed --invariant A --invariant B')).toBe(true);
    expect(replayLine('check', flags, { variant: 'x', collector: false, crashes: true })).toMatch(/ check --variant x --no-collector --crashes$/);
  });

  it('pins values the run chose, leaves out what it is told to, and puts arguments first', () => {
    expect(replayLine('simulate', flags, { variant: 'x', seed: undefined }, { set: { seed: 42 } })).toMatch(/ simulate --variant x --seed 42$/);
    expect(replayLine('verify', flags, { seed: '1' }, { args: ['a b.jsonl'], omit: ['--seed'] })).toMatch(/ verify 'a b\.jsonl'$/);
  });

  it('quotes for a POSIX shell', () => {
    expect(shellQuote('http://127.0.0.1:80/x')).toBe('http://127.0.0.1:80/x');
    expect(shellQuote("it's $HOME; rm -rf /")).toBe(`'it'\\''s $HOME; rm -rf /'`);
    expect(shellQuote('')).toBe("''");
  });

  it('starts with npx dnsplan unless dnsplan is on PATH', () => {
    const bin = mkdtempSync(join(tmpdir(), 'dnsplan-bin-'));
    writeFileSync(join(bin, 'dnsplan'), '#!/bin/sh\n', { mode: 0o755 });
    expect(dnsplanCommand({ PATH: bin })).toBe('dnsplan');
    expect(dnsplanCommand({ PATH: tmpdir() })).toBe('npx dnsplan');
    // npx puts the project's node_modules/.bin on the PATH of the process it starts only
    const npxBin = join(mkdtempSync(join(tmpdir(), 'dnsplan-project-')), 'node_modules', '.bin');
    mkdirSync(npxBin, { recursive: true });
    writeFileSync(join(npxBin, 'dnsplan'), '#!/bin/sh\n', { mode: 0o755 });
    expect(dnsplanCommand({ PATH: npxBin })).toBe('npx dnsplan');
  });
});

describe('the printed line replays the run', () => {
  it('check: --invariant, --max-memory and --max-states are kept; the same violation', async () => {
    const first = await inProcess(checkCommand, [], { variant: 'aws-2025', collector: false, invariant: ['NoStaleOverwrite'], maxMemory: '1', maxStates: '100000', json: true });
    expect(first.code).toBe(1);
    const before = json(first.out);
    expect(before['replay']).toMatch(/ check --variant aws-2025 --no-collector --invariant NoStaleOverwrite --max-states 100000 --max-memory 1 --json$/);
    expect(before['replay']).toMatch(/^npx dnsplan /);
    const again = await shell(before['replay'], true);
    expect(again.code, again.stderr).toBe(1);
    expect(json(again.stdout)['properties']).toEqual(before['properties']);
  });

  it('simulate: --invariant and the seed chosen are kept; the same violation', async () => {
    const first = await inProcess(simulateCommand, [], { variant: 'aws-2025', invariant: ['NoActivePlanDeleted'], runs: '300', depth: '30', json: true });
    expect(first.code).toBe(1);
    const before = json(first.out);
    expect(before['replay']).toContain(`--invariant NoActivePlanDeleted --runs 300 --depth 30 --seed ${before['seed']} --json`);
    const again = await shell(before['replay']);
    expect(again.code, again.stderr).toBe(1);
    expect(json(again.stdout)['violations']).toEqual(before['violations']);
  });

  it('conform --target: --timeout, --deadline, --history-dir are kept; the seed line and the schedule line give the same verdict', async () => {
    const served = await serveAdapter(new ReferenceAdapter({ variant: 'aws-2025' }));
    cleanups.push(served.close);
    const history = join(dir, "it's here");
    const first = await inProcess(conformCommand, [], { target: served.url, collector: false, runs: '30', timeout: '4000', deadline: '600', historyDir: history, coverage: false, json: true });
    expect(first.code, first.err).toBe(1);
    const before = json(first.out);
    expect(before['replay']).toContain(`--target ${served.url} --no-collector --runs 30 --seed ${before['seed']} --timeout 4000 --deadline 600 --history-dir '${history.replace(/'/g, `'\\''`)}' --no-coverage --json`);
    const again = await shell(before['replay']);
    expect(again.code, again.stderr).toBe(1);
    expect(json(again.stdout)['counterexample'].violation).toEqual(before['counterexample'].violation);
    const schedule = await shell(before['counterexample'].replay);
    expect(schedule.code, schedule.stderr).toBe(1);
    expect(json(schedule.stdout)['counterexample'].violation).toEqual(before['counterexample'].violation);
  });

  it.runIf(etcdAvailable())('conform --coredns: --etcd, --zone and --observer are kept; conformant again', async () => {
    const etcd = await startEtcd();
    cleanups.push(etcd.stop);
    const options = { coredns: true, reference: 'fixed', etcd: etcd.endpoint, zone: 'replay.test.', observer: 'etcd', runs: '3', length: '10', historyDir: join(dir, 'coredns'), coverage: false };
    const first = await inProcess(conformCommand, [], options);
    expect(first.code, first.err).toBe(0);
    const line = /rerun with: (.*)/.exec(first.out)![1]!;
    expect(line).toContain(`--coredns --etcd ${etcd.endpoint} --zone replay.test. --observer etcd`);
    const again = await shell(line);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('is conformant');
  });

  it('coredns corefile and rfc2136 config --zone-file: the comment line on top makes the same file again', async () => {
    for (const [command, args, options, comment] of [
      [corednsCorefileCommand, [], { zone: 'replay.test.', port: '1054' }, '# replay with: '],
      [rfc2136ConfigCommand, [], { zone: 'replay.test.', zoneFile: true }, '; replay with: '],
    ] as const) {
      const first = await inProcess(command, [...args], { ...options });
      expect(first.code).toBe(0);
      const line = first.out.split('\n')[0]!;
      expect(line.startsWith(comment)).toBe(true);
      const again = await shell(line.slice(comment.length));
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout.trimEnd()).toBe(first.out.trimEnd());
    }
  });

  it('verify: the file is kept, quoted; the same exit code', async () => {
    const file = join(dir, 'a history.jsonl');
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, '{"type":"header"}\n');
    const first = await inProcess(verifyCommand, [file], { json: undefined });
    expect(first.code).toBe(2);
    const line = /replay with: (.*)/.exec(first.out)![1]!;
    expect(line.endsWith(` verify '${file}'`)).toBe(true);
    const again = await shell(line);
    expect(again.code).toBe(2);
    expect(again.stdout).toContain('the first line must be a history header');
  });
});
