/**
 * A DNS server run as a child process for the harness (CoreDNS, BIND9's named): its output
 * kept (the last 64 KiB) for the error a failed start shows, its exit awaited as a sentence,
 * a stop that escalates from SIGTERM to SIGKILL after 3 s, and a kill when the harness's own
 * process exits first, so no server outlives the run that started it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';

/** A started server process. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** What it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves, once it has exited, with how (e.g. `exited with code 1`). */
  readonly exited: Promise<string>;
  /** Stops it and waits for it to exit. */
  stop(): Promise<void>;
}

/** Spawns `binary` with `args`, keeping its output. */
export function spawnServer(binary: string, args: readonly string[]): ServerProcess {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-64 * 1024);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // a harness that exits without stopping it (an uncaught error, process.exit on Ctrl-C) takes it along
  const orphan = (): void => void child.kill('SIGKILL');
  process.once('exit', orphan);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      process.off('exit', orphan);
      resolve(`exited with ${signal ?? `code ${code}`}`);
    });
    child.once('error', (error) => {
      process.off('exit', orphan);
      resolve(`could not be started: ${error.message}`);
    });
  });
  return { child, output: () => output, exited, stop: () => stopChild(child, exited) };
}

async function stopChild(child: ChildProcess, exited: Promise<string>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  const done = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve(undefined), 3000))]);
  if (done === undefined) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Whether `path` is an executable file. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}
