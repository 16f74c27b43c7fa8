import pc from 'picocolors';
import { checkCommand } from './check.js';
import type { Command } from '../command.js';

/**
 * The tour a newcomer runs first: the spec finds the us-east-1 race, then the fixed protocol
 * comes out clean. Exit 0 when both come out as the model says.
 */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'the tour: find the us-east-1 race in the 2025 protocol, then prove the fixed protocol safe',
  flags: [],
  examples: ['dnsplan demo'],
  async run(_args, _o, io) {
    io.out(pc.bold('1. The 2025 protocol, without the collector: the model checker finds the race of the postmortem.\n'));
    const race = await checkCommand.run([], { variant: 'aws-2025', collector: false, invariant: ['RecordNeverEmpty'] }, io);
    io.out(pc.bold('\n2. The fixed protocol (cas writes, ownership GC), with the collector: every property holds.\n'));
    const fixed = await checkCommand.run([], { variant: 'fixed' }, io);
    const ok = race === 1 && fixed === 0;
    io.out(ok ? pc.green('\nAs the model says: aws-2025 empties the record; fixed never does.') : pc.red('\nUnexpected: the results differ from the model.'));
    return ok ? 0 : 1;
  },
};
