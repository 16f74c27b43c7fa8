import pc from 'picocolors';
import { verifyFile } from '../../../conformance/index.js';
import type { Runnable } from '../command.js';
import { forTerminal } from '../render/escape.js';
import { replayLine } from '../replay.js';
import { verify } from '../table/verify.js';
import { UsageError } from '../usage-error.js';
import { existsSync, statSync } from 'node:fs';

export const verifyCommand: Runnable = {
  async run(args, o, io) {
    const file = args[0]!;
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`dnsplan verify: no such file: ${forTerminal(file)}`);
    const r = await verifyFile(file);
    const code = r.status === 'invalid' || r.error !== undefined ? 2 : r.violations.length > 0 ? 1 : 0;
    const replay = replayLine('verify', verify.flags, o, { args: [file] });
    if (o['json']) {
      io.out(JSON.stringify({ command: 'verify', file, ...r, replay }));
      return code;
    }
    const lines: string[] = [];
    const shown = forTerminal(file);
    const what = `${shown}: ${r.lines} lines, ${r.steps} steps${r.complete ? '' : ' (no footer: a prefix of a history, not complete)'}`;
    if (r.invalid) lines.push(pc.red(`dnsplan verify: ${shown}, line ${r.invalid.line}: ${forTerminal(r.invalid.reason)}`));
    for (const v of r.violations) lines.push(pc.red(`line ${v.line} (step ${v.step}): ${v.property} (${v.level}): ${forTerminal(v.message)}`));
    if (r.error) lines.push(pc.red(`line ${r.error.line}: the implementation broke the protocol at ${forTerminal(r.error.lifecycle)}: ${forTerminal(r.error.message)}`));
    if (code === 0) lines.push(pc.green(`dnsplan verify: ${what}: level ${r.level} kept${r.complete ? '' : ' so far'}`) + pc.dim(' (liveness is not judged from a recording)'));
    else lines.push(`dnsplan verify: ${what}; level kept: ${r.level}`);
    lines.push(pc.dim(`replay with: ${forTerminal(replay)}`));
    io.out(lines.join('\n'));
    return code;
  },
};
