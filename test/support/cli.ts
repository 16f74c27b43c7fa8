import { spawn, spawnSync } from 'node:child_process';
import type { Io } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { DNSPLAN_BIN } from './serve.js';

export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs dnsplan in this process through `main(argv)`, with its output captured: for usage
 * errors, reports and verdicts, where nothing depends on being a separate process.
 */
export async function dnsplanIn(args: readonly string[]): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    out: (text) => void (stdout += text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => void (stderr += text.endsWith('\n') ? text : `${text}\n`),
    interactive: false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/**
 * Runs the real dnsplan binary in a child process, as a user would: for what needs a
 * process (exit codes as the shell sees them, signals, start-up). The timeout only catches a
 * hang; it is never a speed assertion.
 */
export function dnsplan(args: readonly string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Ran {
  const r = spawnSync(process.execPath, [DNSPLAN_BIN, ...args], {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Like {@link dnsplan}, without blocking the event loop (servers in this process keep answering). */
export function dnsplanAsync(args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [DNSPLAN_BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => ok({ code, stdout, stderr }));
  });
}
