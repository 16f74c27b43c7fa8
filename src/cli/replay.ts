/**
 * The one line that replays a run, built from the command's flag table and the flags actually
 * given: a flag added to any table appears in every replay line without anyone touching this.
 * Values the run chose itself (a random seed) are passed in `set`, so the line pins them.
 * Arguments are quoted for a POSIX shell. The line starts `dnsplan` when that command is on
 * PATH, else `npx dnsplan` (after `npm ci` the bin is not on PATH; npx finds it).
 */
import { accessSync, constants as fsConstants } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import { flagKey, type Flag } from './flags.js';

export interface ReplayOptions {
  /** Positional arguments, in order (e.g. the file `verify` reads). */
  readonly args?: readonly string[];
  /** Values to give whatever was typed: flag key (`seed`, `maxPlan`) → value. */
  readonly set?: Readonly<Record<string, unknown>>;
  /** Flags left out of this line, by name (e.g. `--seed` in the line that replays one schedule). */
  readonly omit?: readonly string[];
}

/** `dnsplan <command> <args> <flags given>`, each argument quoted for a POSIX shell. */
export function replayLine(command: string, flags: readonly Flag[], options: Readonly<Record<string, unknown>>, o: ReplayOptions = {}): string {
  const words = [...command.split(' '), ...(o.args ?? [])];
  for (const flag of flags) {
    if (o.omit?.includes(flag.name)) continue;
    const key = flagKey(flag);
    const value = o.set !== undefined && key in o.set ? o.set[key] : options[key];
    words.push(...flagWords(flag, value));
  }
  return `${dnsplanCommand()} ${words.map(shellQuote).join(' ')}`;
}

/** The words that give `flag` the value `value`; none when the flag was not given. */
function flagWords(flag: Flag, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (flag.value === undefined) {
    // A switch: `--no-collector` is given when its key is false, `--crashes` when true.
    const negated = flag.name.startsWith('--no-');
    return value === !negated ? [flag.name] : [];
  }
  // A flag with a value shares its key with its `--no-` switch (`--coverage GOAL`, `--no-coverage`): the switch says false.
  if (typeof value === 'boolean') return [];
  const values = Array.isArray(value) ? value : [value];
  return values.flatMap((v) => [flag.name, String(v)]);
}

/** A word as a POSIX shell reads it back: bare when it is plainly safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

let prefix: string | undefined;

/**
 * `dnsplan` when an executable of that name is on the user's PATH, else `npx dnsplan`. A
 * project's `node_modules/.bin` does not count: npx and npm scripts put it on the PATH of
 * the process they start, not on the PATH of the shell the line is pasted into.
 */
export function dnsplanCommand(env: NodeJS.ProcessEnv = process.env): string {
  if (env === process.env && prefix !== undefined) return prefix;
  const onPath = (env['PATH'] ?? '').split(delimiter).some((dir) => {
    if (dir === '' || (basename(dir) === '.bin' && basename(dirname(dir)) === 'node_modules')) return false;
    try {
      accessSync(join(dir, 'dnsplan'), fsConstants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  const found = onPath ? 'dnsplan' : 'npx dnsplan';
  if (env === process.env) prefix = found;
  return found;
}
