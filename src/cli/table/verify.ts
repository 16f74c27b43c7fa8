import { HTML_FLAG, ITF_FLAG, SUMMARY_FLAG } from '../output-flags.js';
import { JSON_FLAG, type Command } from '../command.js';

export const verify: Command = {
  name: 'verify',
  summary: 'check a recorded history (JSONL, from any source) against the spec, streaming, in bounded memory',
  args: [{ name: 'file', description: 'a history file written by dnsplan conform or by your own harness (docs/protocol.md)' }],
  flags: [JSON_FLAG, HTML_FLAG, ITF_FLAG, SUMMARY_FLAG],
  examples: ['dnsplan verify runs/42/history-min.jsonl', 'dnsplan verify recorded.jsonl --json'],
  load: async () => (await import('../commands/verify.js')).verifyCommand,
};
