import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** Starts a server process that prints `listening on http://127.0.0.1:PORT` and returns its URL (and that line). */
export function startServer(command: string, args: readonly string[], timeoutMs = 20_000): Promise<{ url: string; line: string; child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  return new Promise((ok, ko) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      ko(new Error(`${command} did not start within ${timeoutMs} ms: ${err}`));
    }, timeoutMs);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)[^\n]*/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({
          url: m[1]!,
          line: m[0],
          child,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 3000).unref();
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      ko(new Error(`${command} exited with ${code} before listening: ${err}`));
    });
  });
}

export const DNSPLAN_BIN = resolve(import.meta.dirname, '../../bin/dnsplan.js');
