import { plural } from './numbers.js';
import { formatSchedule, type ConformanceResult } from '../../../conformance/index.js';
import { constantsOf } from '../../../spec/index.js';
import { BADGE_SVG_FLAG, HTML_FLAG, ITF_FLAG } from '../output-flags.js';
import { requested, summaryOutput, type Output } from '../outputs.js';
import { badge, badgeSvg } from './badge.js';
import { coverageText } from './conformance.js';
import { readHistory } from './history-file.js';
import { htmlReport, type ReportPage } from './html.js';
import { itfText, toItf } from './itf.js';
import { junitXml, type JunitReplay } from './junit.js';
import { markdownSummary, timelineTable } from './markdown.js';
import { fromHistory, historyInput } from './timeline-history.js';
import type { Timeline } from './timeline.js';

/** The history a conformance run's reports show: the minimal failing one, the broken one, or the last. */
function shown(r: ConformanceResult): { path: string; title: string; kind: 'min' | 'broken' | 'last' } | undefined {
  const h = r.histories;
  if (r.counterexample && h['min']) return { path: h['min'], title: `the minimal failing history: ${r.counterexample.minimal.schedule.length} scheduled commands, the violation at step ${r.counterexample.violation.step}`, kind: 'min' };
  if (r.broken && h['broken']) return { path: h['broken'], title: 'the history up to where the implementation broke the protocol', kind: 'broken' };
  if (h['last']) return { path: h['last'], title: 'the last history run', kind: 'last' };
  return undefined;
}

/** The shown history as a picture and a trace of spec states, when its file can be read. */
function history(r: ConformanceResult) {
  const which = shown(r);
  if (which === undefined) return undefined;
  let read;
  try {
    read = readHistory(which.path);
  } catch {
    return undefined;
  }
  if (read === undefined) return undefined;
  const v = which.kind === 'min' ? r.counterexample?.violation : undefined;
  const input = historyInput(read.header, read.lines, v, which.kind === 'min' ? r.counterexample?.minimal.scheduled : undefined);
  if (input === undefined) return undefined;
  return { ...fromHistory(input, which.title), which, header: read.header };
}


function verdictText(r: ConformanceResult): string {
  return r.verdict === 'conformant' ? `conformant at level ${r.levelReached}` : r.verdict === 'broken' ? 'broke the protocol' : `not conformant: level ${r.levelReached} reached, ${r.levelRequired} required`;
}

function facts(r: ConformanceResult): [string, string][] {
  const cov = r.coverage === undefined ? undefined : coverageText(r.coverage);
  const b = r.broken?.broken;
  return [
    ['implementation', r.target],
    ['observed through', r.observer],
    ['level', `required ${r.levelRequired}, reached ${r.levelReached}`],
    ['spec', r.specVariant],
    ['runs', `${plural(r.runs, 'run')}, ${plural(r.steps, 'step')} in ${r.seconds.toFixed(2)} s, seed ${r.seed}`],
    ...(cov === undefined ? [] : [['spec coverage', cov] as [string, string]]),
    ...(r.counterexample ? [['violation', `${r.counterexample.violation.property} (${r.counterexample.violation.level}): ${r.counterexample.violation.message}`] as [string, string]] : []),
    ...(b ? [['broke the protocol', `at ${b.error.details.lifecycle} (schedule step ${b.step}): ${b.error.message}`] as [string, string]] : []),
  ];
}

export function conformPage(r: ConformanceResult, timeline: Timeline | undefined, replay: string): ReportPage {
  return {
    heading: `dnsplan conform: ${r.target}`,
    verdict: { text: verdictText(r), tone: r.verdict === 'conformant' ? 'good' : r.verdict === 'broken' ? 'unknown' : 'bad' },
    facts: facts(r),
    timelines: timeline === undefined ? [] : [timeline],
    replay,
    ...(timeline === undefined ? { notes: ['No history file to draw (the run kept none, or it could not be read).'] } : {}),
  };
}

/**
 * The files `dnsplan conform` was asked for: the badge JSON and SVG, JUnit, the HTML report,
 * the Markdown summary and the shown history as ITF.
 */
export function conformOutputs(o: Record<string, unknown>, r: ConformanceResult, replay: JunitReplay): (Output | undefined)[] {
  const failing = r.counterexample ? replay.schedule(formatSchedule(r.counterexample.minimal.schedule)) : replay.seed;
  let cached: ReturnType<typeof history> | null = null;
  const h = () => (cached === null ? (cached = history(r)) : cached);
  return [
    requested({ name: '--badge' }, o['badge'], () => `${JSON.stringify(badge(r))}\n`),
    requested(BADGE_SVG_FLAG, o['badgeSvg'], () => badgeSvg(r)),
    requested({ name: '--junit' }, o['junit'], () => junitXml(r, replay)),
    requested(HTML_FLAG, o['html'], () => htmlReport(conformPage(r, h()?.timeline, failing))),
    requested(ITF_FLAG, o['itf'], () => {
      const got = h();
      if (got === undefined) throw new Error('the run kept no history to write');
      const k = r.constants;
      const c = constantsOf(r.specVariant, { enactors: k.enactors.length, endpoints: k.endpoints.length, maxPlan: k.maxPlan, keep: k.keep, collector: k.collector, crashes: k.crashes });
      const v = r.counterexample?.violation;
      return itfText(
        toItf(got.trace, c, {
          source: `dnsplan conform (${got.which.path})`,
          description: `${got.timeline.title}; each state is the spec state the history checker reconstructs after the step`,
          ...(v && got.which.kind === 'min' ? { property: v.property, because: v.message } : {}),
        }),
      );
    }),
    summaryOutput(o['summary'], () => {
      const t = h()?.timeline;
      return markdownSummary({ heading: `dnsplan conform: ${r.target}`, verdict: `dnsplan conform: ${verdictText(r)}`, facts: facts(r), tables: t ? [timelineTable(t)] : [], replay: failing });
    }),
  ];
}
