import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { commands } from './commands/index.js';
import { cliReference } from './docs.js';

writeFileSync(resolve(import.meta.dirname, '../../docs/cli.md'), cliReference(commands));
