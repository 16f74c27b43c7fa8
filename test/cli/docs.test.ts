import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';
import { cliReference } from '../../src/cli/docs.js';
import { GLOBAL_FLAGS } from '../../src/cli/global-flags.js';
import { dnsplanIn } from '../support/cli.js';

describe('docs/cli.md', () => {
  it('matches the flag tables (run `npm run docs` when this fails)', () => {
    const onDisk = readFileSync(resolve(import.meta.dirname, '../../docs/cli.md'), 'utf8');
    expect(onDisk).toBe(cliReference(commands));
  });

  it('lists every flag that --help lists', async () => {
    for (const cmd of commands) {
      const help = await dnsplanIn([...cmd.name.split(' '), '--help']);
      expect(help.code).toBe(0);
      for (const f of cmd.flags) expect(help.stdout).toContain(f.name);
    }
  });

  it('lists the flags of every command in dnsplan --help', async () => {
    const help = await dnsplanIn(['--help']);
    expect(help.code).toBe(0);
    for (const f of GLOBAL_FLAGS) expect(help.stdout).toContain(f.name);
  });

  it('says in dnsplan --help what every command and every group of commands is for', async () => {
    const help = await dnsplanIn(['--help']);
    const listed = help.stdout.slice(help.stdout.indexOf('Commands:'));
    const names = new Set(commands.map((c) => c.name.split(' ')[0]!));
    for (const name of names) expect(listed).toMatch(new RegExp(`\\n  ${name}( \\[options\\])?( <[a-z]+>)? +[a-z]`));
  });

  it("says in check --help that --max-memory defaults to a share of the machine's memory", async () => {
    const help = await dnsplanIn(['check', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain("(default: 50% of this machine's memory)");
  });
});
