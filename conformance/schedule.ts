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

/**
 * A schedule of at most `length` commands: uniform random commands, or one of the shapes
 * that broke us-east-1 padded with random commands on both sides. The shapes' parts are
 * sized so the whole fits in `length`; a very short `length` cuts the shape's end off.
 */
export function scheduleArb(shape: ScheduleShape, length = 40): fc.Arbitrary<Command[]> {
  const any = command(shape);
  const upTo = (n: number) => fc.array(any, { maxLength: Math.max(0, Math.floor(n)) });
  const uniform = upTo(length);
  // The victim picks a fresh plan, then starves while the others race ahead, then resumes.
  const resumeMax = shape.endpoints + 1;
  const third = Math.max(1, Math.floor((length - 2 - resumeMax) / 3));
  const starved = fc.constantFrom(...shape.enactors).chain((victim) => {
    const others = shape.enactors.filter((e) => e !== victim);
    const racing = others.length > 0 ? command(shape, others) : any;
    return fc
      .tuple(upTo(third - 1), fc.array(racing, { minLength: 1, maxLength: third }), fc.integer({ min: 1, max: resumeMax }), upTo(third))
      .map(([before, race, resume, after]) => [...before, PLAN, step(victim), ...race, ...Array<Command>(resume).fill(step(victim)), ...after]);
  });
  const burst = fc
    .tuple(upTo((length - 6) / 2), fc.integer({ min: 2, max: 6 }), upTo((length - 6) / 2))
    .map(([before, n, after]) => [...before, ...Array<Command>(n).fill(PLAN), ...after]);
  const cleanUp = shape.endpoints + 2 + (shape.collector ? 1 : 0);
  const collectAfterClean = fc
    .tuple(upTo((length - cleanUp) / 2), fc.constantFrom(...shape.enactors), upTo((length - cleanUp) / 2))
    .map(([before, e, after]) => [...before, ...Array<Command>(shape.endpoints + 2).fill(step(e)), ...(shape.collector ? [COLLECT] : []), ...after]);
  return fc
    .oneof({ weight: 3, arbitrary: uniform }, { weight: 4, arbitrary: starved }, { weight: 2, arbitrary: burst }, { weight: 1, arbitrary: collectAfterClean })
    .map((s) => (s.length <= length ? s : s.slice(0, length)));
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
