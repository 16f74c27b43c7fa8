import type { Flag } from './flags.js';

/** Where a command writes: only src/cli/ prints, and only through this. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (progress lines are shown only then). */
  readonly interactive: boolean;
}

/** A command's implementation, loaded only when that command runs. */
export interface Runnable {
  /** Exit codes: 0 holds / conformant, 1 violated / not conformant, 2 usage or harness error. */
  run(args: readonly string[], options: Record<string, unknown>, io: Io): Promise<number>;
}

/**
 * One subcommand in the command table: its name, summary and flags feed the parser, `--help`,
 * docs/cli.md and the replay lines; its implementation is imported by `load` only when it
 * runs, so `--help` and the other commands never load its dependencies.
 */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly args?: readonly { readonly name: string; readonly description: string }[];
  readonly flags: readonly Flag[];
  readonly examples: readonly string[];
  load(): Promise<Runnable>;
}

export const JSON_FLAG: Flag = { name: '--json', description: 'print one JSON object on stdout instead of the report' };

export const QUIET_FLAG: Flag = { name: '--quiet', description: 'no progress on stderr (a terminal line, or a plain line every few seconds elsewhere)' };
