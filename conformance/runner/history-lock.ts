/**
 * One harness process per history directory: a lock file (`.dnsplan.lock`, created
 * exclusively, holding the owner's process id) that a second process given the same
 * `--history-dir` finds and refuses in one sentence, instead of both writing the same files.
 * A lock left by a process that no longer runs is taken over.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectory } from '../history/files-on-disk.js';

export const LOCK = '.dnsplan.lock';

/** Another live process holds the history directory. */
export class HistoryDirBusyError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`another dnsplan process (pid ${pid}) is writing histories in ${dir}; give this run another --history-dir`);
    this.name = 'HistoryDirBusyError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the directory's lock; returns its release. Throws HistoryDirBusyError when a live process holds it. */
export function lockHistoryDir(dir: string): () => void {
  const path = join(dir, LOCK);
  try {
    makeDirectory(dir);
  } catch {
    // A directory that cannot be made holds no histories to protect; the writers report why.
    return () => undefined;
  }
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return () => undefined;
      if (attempt > 0) throw error;
      let pid = Number.NaN;
      try {
        pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
      } catch {
        // gone in between: try again
      }
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw new HistoryDirBusyError(dir, pid);
      try {
        unlinkSync(path);
      } catch {
        // another process took it over first; the next attempt says so
      }
    }
  }
  return () => {
    try {
      if (Number.parseInt(readFileSync(path, 'utf8'), 10) === process.pid) unlinkSync(path);
    } catch {
      // already gone
    }
  };
}
