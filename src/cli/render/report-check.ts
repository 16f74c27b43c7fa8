import type { Constants, State } from '../../../spec/index.js';
import { actionLabel, explainViolation, explore, propertyDescription, type CheckResult, type CheckStats, type Spec, type Trace } from '../../engine/index.js';
import { HTML_FLAG, ITF_FLAG } from '../output-flags.js';
import { requested, summaryOutput, type Output } from '../outputs.js';
import type { ReportPage } from './html.js';
import { itfPath, itfText, toItf } from './itf.js';
import { count } from './numbers.js';
import type { Timeline } from './timeline.js';

// The HTML report, the Markdown summary and the pictures they draw are loaded only for a run
// that writes them: every check would otherwise pay for loading them at its start.

/** The shape of a model's constants in words, e.g. `3 enactors, 1 endpoint, MaxPlan 4, Keep 2, no collector`. */
export function constantsText(c: Constants): string {
  return `${c.enactors} enactor${c.enactors === 1 ? '' : 's'}, ${c.endpoints} endpoint${c.endpoints === 1 ? '' : 's'}, MaxPlan ${c.maxPlan}, Keep ${c.keep}, ${c.collector ? 'collector' : 'no collector'}${c.crashes ? ', crashes' : ''} (write ${c.write}, gc ${c.gc})`;
}

/** Each violated property's counterexample as a picture, in the order the spec lists properties. */
export async function checkTimelines(spec: Spec<unknown>, c: Constants, r: CheckResult<unknown>): Promise<Timeline[]> {
  const { timelineFromTrace } = await import('./timeline-trace.js');
  return r.properties.flatMap((p) =>
    p.status === 'violated'
      ? [
          timelineFromTrace(c, p.trace as Trace<State>, {
            property: p.name,
            ...(propertyDescription(spec, p.name) === undefined ? {} : { description: propertyDescription(spec, p.name)! }),
            ...(explainViolation(spec, p.name, p.trace.steps) === undefined ? {} : { because: explainViolation(spec, p.name, p.trace.steps)! }),
          }),
        ]
      : [],
  );
}

/**
 * Action coverage: how many steps of the reachable state graph each action instance takes
 * (an instance that never fires is a part of the spec these constants never exercise). It
 * explores the graph again, so it is computed only for a report that shows it.
 */
export function actionCoverage(spec: Spec<unknown>, maxStates?: number): { summary: string; rows: string[][] } {
  const steps = new Array<number>(spec.actions.length).fill(0);
  const x = explore(spec, { ...(maxStates === undefined ? {} : { maxStates }), onEdge: (_from, action) => void steps[action]!++ });
  const fired = steps.filter((n) => n > 0).length;
  const total = steps.reduce((a, b) => a + b, 0);
  const never = spec.actions.filter((_, a) => steps[a] === 0).map((a) => actionLabel(a));
  return {
    summary: `${fired} of ${spec.actions.length} action instances fire in the reachable graph (${count(total)} steps)${never.length > 0 ? `; never: ${never.join(', ')}` : ''}${x.stopped ? ' (exploration stopped early)' : ''}`,
    rows: spec.actions.map((a, i) => [actionLabel(a), count(steps[i]!)]),
  };
}

/** What the distinct states stand for under symmetry, as a clause after their count; nothing without it. */
export function orbits(s: CheckStats): string {
  return s.represented !== s.distinct ? ` (orbits of the enactors' permutations, standing for ${count(s.represented)} states)` : '';
}

/** The HTML report of `dnsplan check`: the verdicts, the counts, and each counterexample drawn. */
export async function checkPage(
  spec: Spec<unknown>,
  c: Constants,
  variant: string,
  r: CheckResult<unknown>,
  replay: string,
  coverage?: { summary: string; rows: string[][] },
): Promise<ReportPage> {
  const s = r.stats;
  const status = r.outcome.status;
  return {
    heading: `dnsplan check: ${variant}${c.collector ? '' : ' without the collector'}`,
    verdict: {
      text: status === 'holds' ? 'every property holds' : status === 'violated' ? 'violated' : 'incomplete',
      tone: status === 'holds' ? 'good' : status === 'violated' ? 'bad' : 'unknown',
    },
    facts: [
      ['constants', constantsText(c)],
      ['states', `${count(s.distinct)} distinct${orbits(s)}, ${count(s.generated)} generated, depth ${s.depth}`],
      ['time', `${s.seconds.toFixed(2)} s`],
      ...(coverage === undefined ? [] : [['coverage', coverage.summary] as const]),
    ],
    tables: [
      {
        caption: 'Properties',
        head: ['property', 'kind', 'verdict', 'what a violation means'],
        rows: r.properties.map((p) => [
          p.name,
          p.kind,
          p.status === 'violated' ? `violated (${p.trace.steps.length - 1} steps)` : p.status,
          propertyDescription(spec, p.name) ?? '',
        ]),
      },
      ...(coverage === undefined
        ? []
        : [{ caption: 'Action coverage: steps of the reachable graph each action instance takes', head: ['action', 'steps'], rows: coverage.rows }]),
    ],
    timelines: await checkTimelines(spec, c, r),
    replay,
    ...(status === 'holds' ? { notes: ['Every reachable state was explored and no property is violated, so there is no counterexample to draw.'] } : {}),
    ...(r.outcome.status === 'incomplete'
      ? {
          notes: [
            r.outcome.reason === 'symmetry'
              ? "Every reachable orbit was explored, but under symmetry liveness is proved only by its progress measure, and a step did not raise it: the liveness properties not shown violated are undecided (a run without --symmetry searches for fair cycles)."
              : 'The run stopped before every reachable state was explored: the properties not shown violated are unproven.',
          ],
        }
      : {}),
  };
}

/** The files `dnsplan check` was asked for: the HTML report, each counterexample as ITF, the Markdown summary. */
export function checkOutputs(
  o: Record<string, unknown>,
  spec: Spec<unknown>,
  c: Constants,
  variant: string,
  r: CheckResult<unknown>,
  replay: string,
): (Output | undefined)[] {
  const violated = r.properties.flatMap((p) => (p.status === 'violated' ? [p] : []));
  let covered: { summary: string; rows: string[][] } | undefined;
  // A run a limit stopped is covered as far as it went; one left undecided under symmetry explored everything.
  const stopped = r.outcome.status === 'incomplete' && r.outcome.reason !== 'symmetry';
  const coverage = () => (covered ??= actionCoverage(spec, stopped ? r.stats.distinct : undefined));
  return [
    requested(HTML_FLAG, o['html'], async () => {
      const { htmlReport } = await import('./html.js');
      return htmlReport(await checkPage(spec, c, variant, r, replay, coverage()));
    }),
    ...violated.map((p, k) =>
      requested(ITF_FLAG, o['itf'] === undefined ? undefined : itfPath(String(o['itf']), k, p.name), () => {
        const because = explainViolation(spec, p.name, p.trace.steps);
        const itf = toItf(p.trace as Trace<State>, c, {
          source: `dnsplan check (${variant})`,
          description: `${p.name} is violated: ${propertyDescription(spec, p.name) ?? ''}`,
          property: p.name,
          ...(because === undefined ? {} : { because }),
        });
        return itfText(itf);
      }),
    ),
    summaryOutput(o['summary'], async () => {
      const { markdownSummary, timelineTable } = await import('./markdown.js');
      const page = await checkPage(spec, c, variant, r, replay, coverage());
      const first = page.timelines[0];
      return markdownSummary({
        heading: page.heading,
        verdict: `dnsplan check: ${page.verdict.text}`,
        facts: page.facts,
        tables: [...(page.tables ?? []), ...(first ? [timelineTable(first)] : [])],
        ...(page.notes ? { notes: page.notes } : {}),
        replay,
      });
    }),
  ];
}
