import pc from 'picocolors';
import { checkCommand } from './check.js';
import { conformCommand } from './conform.js';
import type { Runnable } from '../command.js';

/**
 * The tour a newcomer runs first: the spec finds the us-east-1 race, the fixed protocol comes
 * out clean, and the conformance harness catches the race in an implementation of the 2025
 * behaviour and passes the fixed one. Exit 0 when all four come out as the model says.
 */
export const demoCommand: Runnable = {
  async run(_args, _o, io) {
    io.out(pc.bold('1. The 2025 protocol, without the collector: the model checker finds the race of the postmortem.\n'));
    const race = await checkCommand.run([], { variant: 'aws-2025', collector: false, invariant: ['RecordNeverEmpty'] }, io);
    io.out(pc.bold('\n2. The fixed protocol (cas writes, ownership GC), with the collector: every property holds.\n'));
    const fixed = await checkCommand.run([], { variant: 'fixed' }, io);
    io.out(pc.bold('\n3. The conformance harness drives the reference enactor written the 2025 way and shrinks what it finds.\n'));
    const bad = await conformCommand.run([], { reference: 'aws-2025', collector: false, seed: '1', runs: '100', historyDir: 'runs/demo-aws-2025' }, io);
    io.out(pc.bold('\n4. The same harness on the fixed reference enactor.\n'));
    const good = await conformCommand.run([], { reference: 'fixed', seed: '1', runs: '100', historyDir: 'runs/demo-fixed' }, io);
    const ok = race === 1 && fixed === 0 && bad === 1 && good === 0;
    io.out(ok ? pc.green('\nAs the model says: the 2025 protocol empties the record, the fixed one never does, in the spec and in an implementation.') : pc.red('\nUnexpected: the results differ from the model.'));
    return ok ? 0 : 1;
  },
};
