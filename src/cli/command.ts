import type { Flag } from './flags.js';

/** Where a command writes: only src/cli/ prints, and only through this. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (progress lines are shown only then). */
  readonly interactive: boolean;
}

/** One subcommand: its table of flags feeds the parser, `--help` and docs/cli.md. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly args?: readonly { readonly name: string; readonly description: string }[];
  readonly flags: readonly Flag[];
  readonly examples: readonly string[];
  /** Exit codes: 0 holds / conformant, 1 violated / not conformant, 2 usage or harness error. */
  run(args: readonly string[], options: Record<string, unknown>, io: Io): Promise<number>;
}

export const JSON_FLAG: Flag = { name: '--json', description: 'print one JSON object on stdout instead of the report' };
