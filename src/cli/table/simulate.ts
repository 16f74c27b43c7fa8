import { HTML_FLAG, ITF_FLAG, SUMMARY_FLAG } from '../output-flags.js';
import { JSON_FLAG, QUIET_FLAG, type Command } from '../command.js';
import { PROPERTY_FLAG, SHAPE_FLAGS, VARIANT_FLAG } from '../spec-flags.js';

export const simulate: Command = {
  name: 'simulate',
  summary: 'random walks through the spec from a seed; finds violations fast on large constants but proves nothing (Converges: a walk that stops short of the last plan with nothing fair enabled, or comes back to a state by a fair cycle without crashes)',
  flags: [
    VARIANT_FLAG,
    ...SHAPE_FLAGS,
    PROPERTY_FLAG,
    { name: '--runs', value: 'N', description: 'number of walks (1 to 10000000)', default: '1000' },
    { name: '--depth', value: 'D', description: 'most steps per walk (1 to 100000)', default: '100' },
    { name: '--seed', value: 'S', description: 'seed of the walks (0 to 2147483647); printed when not given', default: 'random' },
    QUIET_FLAG,
    JSON_FLAG,
    HTML_FLAG,
    ITF_FLAG,
    SUMMARY_FLAG,
  ],
  examples: ['dnsplan simulate --variant aws-2025 --runs 10000 --depth 50 --seed 7'],
  load: async () => (await import('../commands/simulate.js')).simulateCommand,
};
