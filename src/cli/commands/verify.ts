import pc from 'picocolors';
import { verifyFile } from '../../../conformance/index.js';
import type { Runnable } from '../command.js';
import { jsonText } from '../../../conformance/history/json-text.js';
import { forTerminal } from '../render/escape.js';
import { writeOutputs } from '../outputs.js';
import { verifyOutputs } from '../render/report-verify.js';
import { replayLine } from '../replay.js';
import { verify } from '../table/verify.js';
import { UsageError } from '../usage-error.js';
import { existsSync, statSync } from 'node:fs';

export const verifyCommand: Runnable = {
  async run(args, o, io) {
    const file = args[0]!;
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`dnsplan verify: no such file: ${forTerminal(file)}`);
    const r = await verifyFile(file);
    // A history is judged whole only when it ends with the footer of a completed run; the
    // file a killed or aborted run leaves is a prefix, and a prefix never passes.
    const finished = r.complete && r.footer?.outcome === 'completed';
    const verdict = r.status === 'invalid' ? 'invalid' : r.error !== undefined ? 'broken' : r.violations.length > 0 ? 'violated' : finished ? 'holds' : 'incomplete';
    const code = verdict === 'holds' ? 0 : verdict === 'violated' ? 1 : 2;
    const prefix = `a prefix of ${r.steps} step${r.steps === 1 ? '' : 's'}; level ${r.level} held so far`;
    const replay = replayLine('verify', verify.flags, o, { args: [file] });
    if (o['json']) {
      io.out(jsonText({ format: 'dnsplan-verify/1', command: 'verify', file, verdict, ...r, ...(verdict === 'incomplete' ? { message: prefix } : {}), replay }));
      return writeOutputs('verify', code, verifyOutputs(o, file, verdict, r, replay), io);
    }
    const lines: string[] = [];
    const shown = forTerminal(file);
    const unfinished = r.footer === undefined ? 'no footer' : `the footer of an ${forTerminal(r.footer.outcome)} run`;
    const what = `${shown}: ${r.lines} lines, ${r.steps} steps${finished ? '' : ` (${unfinished}: a prefix of a history, not complete)`}`;
    if (r.invalid) lines.push(pc.red(`dnsplan verify: ${shown}, line ${r.invalid.line}: ${forTerminal(r.invalid.reason)}`));
    for (const v of r.violations) lines.push(pc.red(`line ${v.line} (step ${v.step}): ${v.property} (${v.level}): ${forTerminal(v.message)}`));
    if (r.error) lines.push(pc.red(`line ${r.error.line}: the implementation broke the protocol at ${forTerminal(r.error.lifecycle)}: ${forTerminal(r.error.message)}`));
    const liveness = r.level === 'live' ? '' : r.footer?.fairFrom === undefined ? ' (no fair tail is marked, so liveness is not judged)' : '';
    if (verdict === 'holds') lines.push(pc.green(`dnsplan verify: ${what}: level ${r.level} kept`) + pc.dim(liveness));
    else if (verdict === 'incomplete') lines.push(pc.yellow(`dnsplan verify: incomplete: ${what}: ${prefix}`));
    else lines.push(`dnsplan verify: ${what}; level kept: ${r.level}`);
    lines.push(pc.dim(`replay with: ${forTerminal(replay)}`));
    io.out(lines.join('\n'));
    return writeOutputs('verify', code, verifyOutputs(o, file, verdict, r, replay), io);
  },
};
