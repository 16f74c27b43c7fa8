import { enactorNames, endpointNames, formatState, has, members, type Constants, type State } from '../../../spec/index.js';
import type { Trace } from '../../engine/index.js';
import { laneOf, lanesFor, splitLabel, type Band, type Mark, type Timeline } from './timeline.js';

/** What a counterexample breaks, for the picture's title and its highlighted step. */
export interface Broken {
  readonly property: string;
  /** What the property forbids, in one sentence (the spec's description). */
  readonly description?: string;
  /** What exactly is wrong at the last step (the spec's explanation). */
  readonly because?: string;
}

/** A spec trace (from `check` or `simulate`) as a space-time picture. */
export function timelineFromTrace(c: Constants, trace: Trace<State>, broken?: Broken, title?: string): Timeline {
  const enactors = enactorNames(c);
  const endpoints = endpointNames(c);
  const marks: Mark[] = trace.steps.map((step, index) => {
    const s = step.state;
    const label = step.action ?? '(initial)';
    const { name, args } = splitLabel(label);
    return {
      index,
      lane: step.action === undefined ? -1 : laneOf(name, args[0], enactors),
      action: label,
      short: step.action === undefined ? 'initial' : [name, ...args.slice(name === 'Plan' || name === 'Collect' ? 0 : 1)].join(' '),
      records: s.applied.map((g): Band => (has(s.plans, g) ? { kind: 'plan', plan: g } : { kind: 'empty', pointsTo: g })),
      plans: members(s.plans),
      state: formatState(s),
    };
  });
  const last = marks.length - 1;
  const isLiveness = trace.forever !== undefined;
  const sentence = broken
    ? (broken.because ?? (isLiveness ? foreverSentence(trace) : broken.description ?? `${broken.property} is violated`))
    : undefined;
  return {
    title: title ?? (broken ? `${broken.property} is violated: ${trace.forever?.kind === 'cycle' ? 'a fair cycle' : 'the shortest trace'}, ${last} steps` : `a trace of ${last} steps`),
    lanes: lanesFor(enactors),
    endpoints,
    maxPlan: c.maxPlan,
    marks,
    ...(broken && sentence !== undefined ? { violation: { step: last, property: broken.property, sentence } } : {}),
    ...(trace.forever ? { forever: trace.forever } : {}),
  };
}

/** How a liveness counterexample fails, said plainly. */
function foreverSentence(trace: Trace<State>): string {
  const f = trace.forever;
  if (f?.kind === 'cycle') return `a fair cycle of ${trace.steps.length - 1 - f.loopsTo} steps, looping back to step ${f.loopsTo}, never brings every record to the last plan`;
  return 'no fair action is enabled here, and not every record is on the last plan: the system stays short of the goal forever';
}
