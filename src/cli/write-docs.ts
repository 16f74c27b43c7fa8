import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { commands } from './commands/index.js';
import { cliReference } from './docs.js';
import { specDocs } from './spec-doc.js';

writeFileSync(resolve(import.meta.dirname, '../../docs/cli.md'), cliReference(commands));

for (const [path, text] of specDocs()) {
  const to = resolve(import.meta.dirname, '../../docs', path);
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, text);
}
