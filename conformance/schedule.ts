/**
 * Schedules: what the harness asks of an implementation, step by step. They are generated
 * with fast-check, biased toward the interleavings that broke us-east-1 (one enactor that
 * picked and then stalled while the others raced ahead, bursts of plans, a collection right
 * after a clean-up), and shrink to a minimal failing schedule.
 */
import fc from 'fast-check';
import type { Command } from './protocol/index.js';

export type { Command };

export interface ScheduleShape {
  readonly enactors: readonly string[];
  readonly endpoints: number;
  readonly collector: boolean;
  readonly crashes: boolean;
}

const PLAN: Command = { kind: 'plan' };
const COLLECT: Command = { kind: 'collect' };
const step = (enactor: string): Command => ({ kind: 'step', enactor });

function command(shape: ScheduleShape, enactors: readonly string[] = shape.enactors): fc.Arbitrary<Command> {
  const choices: fc.WeightedArbitrary<Command>[] = [
    { weight: 2, arbitrary: fc.constant(PLAN) },
    { weight: 6, arbitrary: fc.constantFrom(...enactors).map(step) },
  ];
  if (shape.collector) choices.push({ weight: 1, arbitrary: fc.constant(COLLECT) });
  if (shape.crashes) choices.push({ weight: 1, arbitrary: fc.constantFrom(...enactors).map((enactor): Command => ({ kind: 'crash', enactor })) });
  return fc.oneof(...choices);
}

/** A schedule of at most `length` commands. */
export function scheduleArb(shape: ScheduleShape, length = 40): fc.Arbitrary<Command[]> {
  const any = command(shape);
  const uniform = fc.array(any, { maxLength: length });
  const starved = fc.constantFrom(...shape.enactors).chain((victim) => {
    const others = shape.enactors.filter((e) => e !== victim);
    const racing = others.length > 0 ? command(shape, others) : any;
    const third = Math.max(1, Math.floor(length / 3));
    return fc
      .tuple(
        fc.array(any, { maxLength: third }),
        fc.array(racing, { minLength: 1, maxLength: third }),
        fc.integer({ min: 1, max: shape.endpoints + 1 }),
        fc.array(any, { maxLength: third }),
      )
      .map(([before, race, resume, after]) => [...before, step(victim), ...race, ...Array<Command>(resume).fill(step(victim)), ...after]);
  });
  const burst = fc
    .tuple(fc.array(any, { maxLength: length / 2 }), fc.integer({ min: 2, max: 6 }), fc.array(any, { maxLength: length / 2 }))
    .map(([before, n, after]) => [...before, ...Array<Command>(n).fill(PLAN), ...after]);
  const collectAfterClean = fc
    .tuple(fc.array(any, { maxLength: length / 2 }), fc.constantFrom(...shape.enactors), fc.array(any, { maxLength: length / 2 }))
    .map(([before, e, after]) => [...before, ...Array<Command>(shape.endpoints + 2).fill(step(e)), ...(shape.collector ? [COLLECT] : []), ...after]);
  return fc.oneof({ weight: 3, arbitrary: uniform }, { weight: 4, arbitrary: starved }, { weight: 2, arbitrary: burst }, { weight: 1, arbitrary: collectAfterClean });
}

/** A schedule as one line: `plan,step:a,collect,crash:b`. */
export function formatSchedule(schedule: readonly Command[]): string {
  return schedule.map((c) => (c.kind === 'step' || c.kind === 'crash' ? `${c.kind}:${c.enactor}` : c.kind)).join(',');
}

/** The inverse of formatSchedule; throws a one-sentence error naming the bad item. */
export function parseSchedule(text: string, enactors: readonly string[]): Command[] {
  if (text.trim() === '') return [];
  return text.split(',').map((item, i) => {
    const [kind, who, extra] = item.trim().split(':');
    const bad = (why: string) => new RangeError(`schedule item ${i + 1} '${item}' ${why}`);
    if (extra !== undefined) throw bad('has too many parts');
    if (kind === 'plan' || kind === 'collect') {
      if (who !== undefined) throw bad(`takes no enactor`);
      return kind === 'plan' ? PLAN : COLLECT;
    }
    if (kind === 'step' || kind === 'crash') {
      if (who === undefined || !enactors.includes(who)) throw bad(`needs one of the enactors ${enactors.join(', ')}, as ${kind}:${enactors[0]}`);
      return { kind, enactor: who };
    }
    throw bad('is not plan, collect, step:E or crash:E');
  });
}
