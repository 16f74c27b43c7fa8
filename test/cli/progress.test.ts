import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/command.js';
import { startProgress } from '../../src/cli/progress.js';
import { DNSPLAN_BIN } from '../support/serve.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplan-progress-'));
const haveScript = spawnSync('script', ['--version']).status === 0;
if (!haveScript) {
  if (process.env['CI']) throw new Error('the progress tests need util-linux script(1) for a pseudo-terminal');
  console.warn('SKIPPED: the pseudo-terminal progress tests: util-linux script(1) is not installed');
}

/**
 * Runs dnsplan on a pseudo-terminal (util-linux `script`), types Ctrl-C once the progress
 * line shows `seen`, and returns everything the terminal received.
 */
function interruptOnTerminal(args: readonly string[], seen: string): Promise<{ code: number | null; screen: string }> {
  // a wide terminal, so the figures looked for are not cut off at the right margin
  const command = `stty cols 200; ${['node', DNSPLAN_BIN, ...args].map((w) => `'${w}'`).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TERM: 'xterm' }, detached: true });
  let screen = '';
  let sent = false;
  child.stdout.on('data', (d: Buffer) => {
    screen += d.toString();
    if (!sent && screen.includes(seen)) {
      sent = true;
      child.stdin.write('\u0003');
    }
  });
  // a ceiling against hangs only, below the test's own timeout so nothing is left running
  const hang = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 45_000);
  return new Promise((done) =>
    child.on('close', (code) => {
      clearTimeout(hang);
      done({ code, screen });
    }),
  );
}

/** Whether every `ESC [ ? n l` (cursor hidden, line wrap off) is later undone by `ESC [ ? n h`. */
function restored(screen: string, mode: number): boolean {
  const off = screen.lastIndexOf(`\u001b[?${mode}l`);
  return off === -1 || screen.indexOf(`\u001b[?${mode}h`, off) !== -1;
}

describe.skipIf(!haveScript)('progress on a terminal, interrupted with Ctrl-C', () => {
  it.each([
    [['check', '--variant', 'fixed', '--enactors', '3', '--endpoints', '3', '--max-plan', '6', '--crashes'], 'distinct'],
    [['simulate', '--variant', 'fixed', '--enactors', '3', '--runs', '10000000', '--seed', '1'], 'walks'],
    [['conform', '--reference', 'fixed', '--runs', '1000000', '--seed', '1', '--history-dir', join(dir, 'conform')], 'transitions'],
  ])('%j: the first frame shows figures, and the cursor and line wrap are left as they were', async (args, seen) => {
    const r = await interruptOnTerminal(args, seen);
    expect(r.screen).toContain(seen);
    expect(r.code).toBe(130);
    expect(r.screen).not.toMatch(/\{\w+\}/);
    expect(restored(r.screen, 25)).toBe(true);
    expect(restored(r.screen, 7)).toBe(true);
  });
});

function captured(): { io: Io; err: string[] } {
  const err: string[] = [];
  return { io: { out: () => undefined, err: (t) => void err.push(t), interactive: false }, err };
}

describe('progress when stderr is not a terminal', () => {
  it('writes a plain line every few seconds, not on every update', () => {
    let now = 0;
    const { io, err } = captured();
    const p = startProgress(io, { command: 'check', label: 'checking', everyMs: 5000, now: () => now });
    for (; now <= 12_000; now += 500) p.update(`${now} distinct`);
    p.stop();
    expect(err).toEqual(['dnsplan check: checking 5000 distinct', 'dnsplan check: checking 10000 distinct']);
  });

  it('--quiet silences it', () => {
    let now = 0;
    const { io, err } = captured();
    const p = startProgress(io, { command: 'check', label: 'checking', quiet: true, everyMs: 1, now: () => now });
    for (; now < 100; now++) p.update('x');
    expect(err).toEqual([]);
  });
});
