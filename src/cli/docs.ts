import type { Command } from './command.js';

/** docs/cli.md, rendered from the same command and flag tables that feed the parser. */
export function cliReference(commands: readonly Command[]): string {
  const out: string[] = [
    '# dnsplan command line',
    '',
    'Generated from the flag tables in `src/cli/` by `npm run docs`; a test fails when this file is stale.',
    '',
    'Exit codes: 0 holds / conformant; 1 a property is violated / not conformant (with the trace);',
    '2 usage error, harness error, incomplete run, or an implementation that broke the protocol (with the reason).',
    '`--json` prints one JSON object on stdout.',
    '',
  ];
  for (const cmd of commands) {
    const args = (cmd.args ?? []).map((a) => ` <${a.name}>`).join('');
    out.push(`## dnsplan ${cmd.name}${args}`, '', cmd.summary, '');
    for (const a of cmd.args ?? []) out.push(`- \`<${a.name}>\`: ${a.description}`);
    if ((cmd.args ?? []).length > 0) out.push('');
    out.push('| flag | meaning | default |', '|---|---|---|');
    for (const f of cmd.flags) {
      const name = f.value ? `${f.name} ${f.value}` : f.name;
      out.push(`| \`${name}\`${f.repeatable ? ' (repeatable)' : ''} | ${f.description.replace(/\|/g, '\\|')} | ${f.default ?? ''} |`);
    }
    out.push('', 'Examples:', '', '```sh', ...cmd.examples, '```', '');
  }
  return out.join('\n');
}
