import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { DNSPLAN_BIN } from '../support/serve.js';

/** An Io whose standard output fails, as a closed pipe or a full disk makes it fail. */
function failingOut(): { io: Io; err: () => string } {
  let err = '';
  return {
    io: {
      out: () => {
        throw new Error('write EPIPE \u001b]0;retitled\u0007');
      },
      err: (text) => void (err += `${text}\n`),
      interactive: false,
    },
    err: () => err,
  };
}

describe('an internal error', () => {
  it('exits 2 (never 1) with one sentence that says where to report it, and no stack', async () => {
    const { io, err } = failingOut();
    const code = await main(['check', '--variant', 'fixed'], io);
    expect(code).toBe(2);
    expect(err()).toContain('dnsplan: internal error (Error: write EPIPE');
    expect(err()).toContain("please report it on dnsplan's issue tracker");
    expect(err()).toContain('--debug');
    expect(err()).not.toMatch(/\n\s+at /);
    expect(err()).not.toContain('\u001b');
    expect(err().trim().split('\n')).toHaveLength(1);
  });

  it('prints the stack with --debug, and --debug is not a flag the command sees', async () => {
    const { io, err } = failingOut();
    const code = await main(['check', '--variant', 'fixed', '--debug'], io);
    expect(code).toBe(2);
    expect(err()).toMatch(/\n\s+at /);
  });
});

describe('a closed standard output', () => {
  it('is the environment, not a bug: one sentence, exit 2', async () => {
    const child = spawn(process.execPath, [DNSPLAN_BIN, 'check', '--variant', 'fixed'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(code).toBe(2);
    expect(stderr).toBe('dnsplan: standard output was closed before the report was written to it\n');
  });
});
