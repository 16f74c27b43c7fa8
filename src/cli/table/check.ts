import { JSON_FLAG, QUIET_FLAG, type Command } from '../command.js';
import { MEMORY_SHARE } from '../memory.js';
import type { Flag } from '../flags.js';
import { HTML_FLAG, ITF_FLAG, SUMMARY_FLAG } from '../output-flags.js';
import { PROPERTY_FLAG, SHAPE_FLAGS, VARIANT_FLAG } from '../spec-flags.js';

/** `--schedules FILE`: the counterexamples as conformance schedules. */
export const SCHEDULES_OUT_FLAG: Flag = {
  name: '--schedules',
  value: 'FILE',
  description:
    "write each violated property's shortest counterexample as a conformance schedule, for dnsplan conform --schedules FILE; the exit code is then 0 once it is written (2 if it cannot be), the verdict printed as usual",
};

export const check: Command = {
  name: 'check',
  summary: 'exhaustive model check of one protocol variant: every reachable state, the shortest trace to each violation',
  flags: [
    VARIANT_FLAG,
    ...SHAPE_FLAGS,
    PROPERTY_FLAG,
    {
      name: '--symmetry',
      description:
        "store one state per permutation of the enactors (they are interchangeable); Converges is then proved by its progress measure alone, compared on the steps between orbits' representatives, and left undecided (exit 2) where a step does not raise it, as blind writes do: fair cycles are searched for only without --symmetry",
    },
    {
      name: '--workers',
      value: 'N',
      description:
        'threads that compute successors and look them up in the shared state table (1 to 64: the main thread and N-1 workers); the main thread numbers the new states in the order one thread would, so counts, verdicts and traces are the same with any number; a graph too small to share is searched by one, and fair cycles, when they are searched for, on the main thread',
      default: "this machine's cores",
    },
    {
      name: '--search-cycles',
      description:
        "judge Converges by searching for fair cycles even when its progress measure, compared on every step, shows there are none (as for the fixed protocol): slower, a cross-check of the measure",
    },
    { name: '--continue', description: 'keep exploring after every property is violated, so a violating variant is counted whole (TLC\'s -continue)' },
    { name: '--max-states', value: 'N', description: 'stop after N distinct states (the verdict is then incomplete)' },
    { name: '--max-memory', value: 'GIB', description: 'stop when the state store and the liveness analysis would pass this many GiB (0.01 to 1024)', default: `${MEMORY_SHARE * 100}% of this machine's memory` },
    QUIET_FLAG,
    JSON_FLAG,
    SCHEDULES_OUT_FLAG,
    HTML_FLAG,
    ITF_FLAG,
    SUMMARY_FLAG,
  ],
  examples: [
    'dnsplan check --variant aws-2025 --no-collector   # the us-east-1 race, 8 steps',
    'dnsplan check --variant aws-2025 --no-collector --html race.html --itf race.itf.json',
    'dnsplan check --variant fixed                     # the fixed protocol: every property holds',
    'dnsplan check --variant fixed --enactors 3 --endpoints 3 --max-plan 6 --crashes',
    'dnsplan check --variant fixed --enactors 4 --endpoints 3 --max-plan 6 --crashes --symmetry',
    'dnsplan check --variant aws-2025 --no-collector --schedules s.json   # the race as a conformance schedule',
  ],
  load: async () => (await import('../commands/check.js')).checkCommand,
};
