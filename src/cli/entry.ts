/**
 * The dnsplan process: standard streams as the command's Io, the exit code, and the last
 * line of defence, so that even an error thrown outside a command's promise ends in one
 * sentence and exit 2, never a bare stack trace and never exit 1.
 */
import type { Io } from './command.js';
import { DEBUG_FLAG } from './global-flags.js';
import { internalError } from './internal-error.js';
import { main } from './main.js';

const argv = process.argv.slice(2);
const debug = argv.includes(DEBUG_FLAG.name);

const io: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  interactive: process.stderr.isTTY === true,
};

function crash(error: unknown): void {
  process.stderr.write(`${internalError(error, debug)}\n`);
  process.exit(2);
}
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
// A reader that went away (`dnsplan check ... | head -3`) is the environment, not a bug.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') return crash(error);
  process.stderr.write('dnsplan: standard output was closed before the report was written to it\n');
  process.exit(2);
});

process.exitCode = await main(argv, io);
