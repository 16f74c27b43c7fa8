import type { Command } from './command.js';
import type { Flag } from './flags.js';
import { GLOBAL_FLAGS } from './global-flags.js';

/** docs/cli.md, rendered from the same command and flag tables that feed the parser. */
export function cliReference(commands: readonly Command[]): string {
  const out: string[] = [
    '# dnsplan command line',
    '',
    'Generated from the flag tables in `src/cli/` by `npm run docs`; a test fails when this file is stale.',
    '',
    'Exit codes: 0 holds / conformant; 1 a property is violated / not conformant (with the trace);',
    '2 usage error, harness error, incomplete run, an implementation that broke the protocol (with the reason),',
    'or an internal error (one sentence saying where to report it; the stack only with `--debug`).',
    '`--json` prints one JSON object on stdout.',
    '',
    '## Every command',
    '',
    ...flagTable(GLOBAL_FLAGS),
    '',
  ];
  for (const cmd of commands) {
    const args = (cmd.args ?? []).map((a) => ` <${a.name}>`).join('');
    out.push(`## dnsplan ${cmd.name}${args}`, '', cmd.summary, '');
    for (const a of cmd.args ?? []) out.push(`- \`<${a.name}>\`: ${a.description}`);
    if ((cmd.args ?? []).length > 0) out.push('');
    out.push(...flagTable(cmd.flags), '', 'Examples:', '', '```sh', ...cmd.examples, '```', '');
  }
  return out.join('\n');
}

/** A Markdown table of flags: name and value, meaning, default. */
function flagTable(flags: readonly Flag[]): string[] {
  const rows = ['| flag | meaning | default |', '|---|---|---|'];
  for (const f of flags) {
    const name = f.value ? `${f.name} ${f.value}` : f.name;
    rows.push(`| \`${name}\`${f.repeatable ? ' (repeatable)' : ''} | ${f.description.replace(/\|/g, '\\|')} | ${f.default ?? ''} |`);
  }
  return rows;
}
