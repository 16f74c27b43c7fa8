import type { Command } from '../command.js';
import { checkCommand } from './check.js';
import { corednsCorefileCommand } from './coredns-corefile.js';
import { conformCommand } from './conform.js';
import { demoCommand } from './demo.js';
import { serveReferenceCommand } from './serve-reference.js';
import { verifyCommand } from './verify.js';
import { simulateCommand } from './simulate.js';

/** Every subcommand, in the order --help and docs/cli.md list them. */
export const commands: readonly Command[] = [demoCommand, checkCommand, simulateCommand, conformCommand, verifyCommand, serveReferenceCommand, corednsCorefileCommand];
