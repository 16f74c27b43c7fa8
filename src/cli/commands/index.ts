import type { Command } from '../command.js';
import { check } from '../table/check.js';
import { conform } from '../table/conform.js';
import { corednsCorefile } from '../table/coredns-corefile.js';
import { rfc2136Config } from '../table/rfc2136-config.js';
import { demo } from '../table/demo.js';
import { serveReference } from '../table/serve-reference.js';
import { simulate } from '../table/simulate.js';
import { verify } from '../table/verify.js';

/**
 * The command table: every subcommand with its flags, in the order --help and docs/cli.md
 * list them. A new command is one file in src/cli/table/ (name, summary, flags, examples, the
 * loader of its implementation in src/cli/commands/) and one entry here.
 */
export const commands: readonly Command[] = [demo, check, simulate, conform, verify, serveReference, corednsCorefile, rfc2136Config];
