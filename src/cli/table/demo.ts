import type { Command } from '../command.js';

export const demo: Command = {
  name: 'demo',
  summary: 'the tour: the model checker finds the us-east-1 race and proves the fix; the harness catches it in an implementation',
  flags: [],
  examples: ['dnsplan demo'],
  load: async () => (await import('../commands/demo.js')).demoCommand,
};
