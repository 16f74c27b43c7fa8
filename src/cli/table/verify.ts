import { HTML_FLAG, ITF_FLAG, SUMMARY_FLAG } from '../output-flags.js';
import { JSON_FLAG, type Command } from '../command.js';

export const verify: Command = {
  name: 'verify',
  summary: 'check a recorded history (JSONL, from any source) against the spec, streaming, in bounded memory',
  args: [{ name: 'file', description: "a history file written by dnsplan conform or by your own harness (docs/protocol.md), or the archive of every run's history conform writes, runs.jsonl.gz" }],
  flags: [
    { name: '--run', value: 'K', description: 'with an archive: judge only run K (the run its history header names); without it every run of the archive is judged and summed up (--html, --itf and --summary draw a history file, not an archive)' },
    JSON_FLAG,
    HTML_FLAG,
    ITF_FLAG,
    SUMMARY_FLAG,
  ],
  examples: ['dnsplan verify runs/42/history-min.jsonl', 'dnsplan verify recorded.jsonl --json', 'dnsplan verify runs/42/runs.jsonl.gz', 'dnsplan verify runs/42/runs.jsonl.gz --run 17'],
  load: async () => (await import('../commands/verify.js')).verifyCommand,
};
