import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSchedule, parseSchedule, scheduleArb, type ScheduleShape } from '../../conformance/index.js';

const shapes = fc.record<ScheduleShape>({
  enactors: fc.integer({ min: 1, max: 4 }).map((n) => ['a', 'b', 'c', 'd'].slice(0, n)),
  endpoints: fc.integer({ min: 1, max: 3 }),
  collector: fc.boolean(),
  crashes: fc.boolean(),
});

/** A shape with a schedule drawn for it, of at most `length` commands. */
const drawn = fc
  .tuple(shapes, fc.integer({ min: 1, max: 60 }))
  .chain(([shape, length]) => scheduleArb(shape, length).map((schedule) => ({ shape, length, schedule })));

describe('schedules', () => {
  it('hold only commands the constants allow, name only known enactors, and fit their length', () => {
    fc.assert(
      fc.property(drawn, ({ shape, length, schedule }) => {
        expect(schedule.length).toBeLessThanOrEqual(length);
        for (const c of schedule) {
          if (c.kind === 'crash') expect(shape.crashes).toBe(true);
          if (c.kind === 'collect') expect(shape.collector).toBe(true);
          if (c.kind === 'step' || c.kind === 'crash') expect(shape.enactors).toContain(c.enactor);
        }
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('survive their one-line form', () => {
    fc.assert(
      fc.property(drawn, ({ shape, schedule }) => {
        expect(parseSchedule(formatSchedule(schedule), shape.enactors)).toEqual(schedule);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('lean toward a starved enactor: most schedules have one enactor pick and then wait while another steps', () => {
    const shape: ScheduleShape = { enactors: ['a', 'b', 'c'], endpoints: 1, collector: false, crashes: false };
    const samples = fc.sample(scheduleArb(shape, 40), { seed: 3, numRuns: 400 });
    // a plan, then a step of x, then at least three steps of other enactors before x steps again
    const starves = (s: readonly { kind: string; enactor?: string }[]) =>
      s.some((c, i) => {
        if (c.kind !== 'step' || s[i - 1]?.kind !== 'plan') return false;
        let others = 0;
        for (const d of s.slice(i + 1)) {
          if (d.kind === 'step' && d.enactor === c.enactor) break;
          if (d.kind === 'step') others++;
        }
        return others >= 3;
      });
    // about 43% here; uniform random commands give about 7%
    expect(samples.filter(starves).length).toBeGreaterThan(samples.length * 0.3);
  });
});
