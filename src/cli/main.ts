/**
 * The composition root: the one place that wires the spec, the engine, the conformance
 * harness and the adapters to the command line.
 */
import { Command as Commander, CommanderError, Option } from 'commander';
import { commands } from './commands/index.js';
import type { Command, Io } from './command.js';
import { flagKey } from './flags.js';
import { UsageError } from './usage-error.js';

const io: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  interactive: process.stderr.isTTY === true,
};

const GROUPS: Record<string, string> = { coredns: 'tools for the CoreDNS backend (records in etcd, served by CoreDNS)' };

export function program(): Commander {
  const root = new Commander('dnsplan')
    .description('An executable spec of DNS plan automation, its model checker, and a conformance harness for real enactors.')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  for (const cmd of commands) addCommand(root, cmd);
  return root;
}

function addCommand(parent: Commander, cmd: Command): void {
  const names = cmd.name.split(' ');
  let at = parent;
  for (const group of names.slice(0, -1)) {
    at = at.commands.find((c) => c.name() === group) ?? at.command(group).description(GROUPS[group] ?? '').exitOverride().configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  }
  const sub = at.command(names[names.length - 1]!).description(cmd.summary).exitOverride().configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  for (const a of cmd.args ?? []) sub.argument(`<${a.name}>`, a.description);
  for (const f of cmd.flags) {
    const help = f.default === undefined ? f.description : `${f.description} (default: ${f.default})`;
    const option = new Option(f.value ? `${f.name} <${f.value}>` : f.name, help);
    if (f.repeatable) option.argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
    sub.addOption(option);
  }
  sub.addHelpText('after', `\nExamples:\n${cmd.examples.map((e) => `  ${e}`).join('\n')}\n\nExit codes: 0 holds / conformant, 1 violated / not conformant, 2 usage or harness error.`);
  sub.action(async (...received: unknown[]) => {
    const self = received[received.length - 1] as Commander;
    const options = self.opts();
    for (const f of cmd.flags) if (!(flagKey(f) in options)) options[flagKey(f)] = undefined;
    process.exitCode = await cmd.run(self.args, options, io);
  });
}

export async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 0) {
    io.err(program().helpInformation());
    return 2;
  }
  try {
    await program().parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version') return 0;
      const known = error.code !== 'commander.unknownCommand';
      const where = known ? (argv.find((a) => !a.startsWith('-')) ?? '') : '';
      io.err(`dnsplan${where ? ` ${where}` : ''}: ${error.message.replace(/^error: /, '')}`);
      io.err(`run 'dnsplan ${where ? `${where} ` : ''}--help' for usage`);
      return 2;
    }
    if (error instanceof UsageError) {
      io.err(error.message);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
