/**
 * Waiting for an implementation that is still starting: a test or a CI job often starts the
 * server and the harness together. The harness tries to connect until one connection is
 * accepted or the time is up; it sends nothing, so waiting changes nothing.
 */
import { connect } from 'node:net';
import type { Target } from './target.js';

/** How long one attempt may take, and the pause between attempts (ms). */
const ATTEMPT_MS = 1000;
const PAUSE_MS = 100;

/** Whether something accepts a TCP connection at the target within `seconds` (one attempt at least). */
export async function waitReady(target: Target, seconds: number): Promise<boolean> {
  const { hostname, port } = new URL(target.origin);
  const host = hostname.replace(/^\[|\]$/g, '');
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const left = until - Date.now();
    if (await accepts(host, Number(port || 80), Math.max(1, Math.min(ATTEMPT_MS, left)))) return true;
    if (Date.now() + PAUSE_MS >= until) return false;
    await new Promise((r) => setTimeout(r, PAUSE_MS));
  }
}

function accepts(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
