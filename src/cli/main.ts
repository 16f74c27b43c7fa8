/**
 * The composition root: the one place that wires the spec, the engine, the conformance
 * harness and the adapters to the command line. `main` parses the arguments against the
 * command table, loads only the command that runs, and turns every outcome into an exit code;
 * it never touches the process (src/cli/entry.ts does), so tests run commands in-process.
 */
import { Command as Commander, CommanderError, Option } from 'commander';
import { commands } from './commands/index.js';
import type { Command, Io } from './command.js';
import { flagKey } from './flags.js';
import { DEBUG_FLAG, VERSION_FLAG } from './global-flags.js';
import { internalError } from './internal-error.js';
import { UsageError } from './usage-error.js';
import { version } from './version.js';

/** What each group of commands is for (`dnsplan coredns corefile` is in the group `coredns`). */
const GROUPS: Record<string, string> = {
  coredns: 'tools for the CoreDNS backend (records in etcd, served by CoreDNS)',
  rfc2136: 'tools for the RFC 2136 backend (records on an authoritative DNS server, such as BIND9, through dynamic updates)',
};
const EXIT_CODES = 'Exit codes: 0 holds / conformant, 1 violated / not conformant, 2 usage error, harness error, incomplete run or internal error.';

/** The parser for the command table; `ran` receives the exit code of the command that ran. */
export function program(io: Io, ran: (code: number) => void = () => undefined): Commander {
  const root = new Commander('dnsplan')
    .description('An executable spec of DNS plan automation, its model checker, and a conformance harness for real enactors.')
    .version(version(), `-V, ${VERSION_FLAG.name}`, VERSION_FLAG.description)
    .addOption(new Option(DEBUG_FLAG.name, DEBUG_FLAG.description))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: () => undefined, outputError: () => undefined })
    .addHelpText('after', `\n${EXIT_CODES}`);
  for (const cmd of commands) addCommand(root, cmd, io, ran);
  return root;
}

function addCommand(parent: Commander, cmd: Command, io: Io, ran: (code: number) => void): void {
  const names = cmd.name.split(' ');
  let at = parent;
  for (const group of names.slice(0, -1)) {
    const description = GROUPS[group];
    if (description === undefined) throw new Error(`the command group ${group} has no description`);
    at = at.commands.find((c) => c.name() === group) ?? at.command(group).description(description);
  }
  const sub = at.command(names[names.length - 1]!).description(cmd.summary);
  for (const a of cmd.args ?? []) sub.argument(`<${a.name}>`, a.description);
  for (const f of cmd.flags) {
    const help = f.default === undefined ? f.description : `${f.description} (default: ${f.default})`;
    const option = new Option(f.value ? `${f.name} <${f.value}>` : f.name, help);
    if (f.repeatable) option.argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
    sub.addOption(option);
  }
  sub.addHelpText('after', `\nExamples:\n${cmd.examples.map((e) => `  ${e}`).join('\n')}\n\n${EXIT_CODES}`);
  sub.action(async (...received: unknown[]) => {
    const self = received[received.length - 1] as Commander;
    const options = self.opts();
    for (const f of cmd.flags) if (!(flagKey(f) in options)) options[flagKey(f)] = undefined;
    const implementation = await cmd.load();
    ran(await implementation.run(self.args, options, io));
  });
}

/** Runs dnsplan with these arguments (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const debug = argv.includes(DEBUG_FLAG.name);
  const args = argv.filter((a) => a !== DEBUG_FLAG.name);
  let code = 0;
  try {
    if (args.length === 0) {
      io.err(program(io).helpInformation());
      return 2;
    }
    await program(io, (c) => (code = c)).parseAsync(args as string[], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version') return 0;
      const known = error.code !== 'commander.unknownCommand';
      const where = known ? (args.find((a) => !a.startsWith('-')) ?? '') : '';
      io.err(`dnsplan${where ? ` ${where}` : ''}: ${error.message.replace(/^error: /, '')}`);
      io.err(`run 'dnsplan ${where ? `${where} ` : ''}--help' for usage`);
      return 2;
    }
    if (error instanceof UsageError) {
      io.err(error.message);
      return 2;
    }
    io.err(internalError(error, debug));
    return 2;
  }
}
