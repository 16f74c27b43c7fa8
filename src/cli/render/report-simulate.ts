import type { Constants, State } from '../../../spec/index.js';
import { explainViolation, propertyDescription, type SimulationResult, type Spec, type Trace } from '../../engine/index.js';
import { HTML_FLAG, ITF_FLAG } from '../output-flags.js';
import { requested, summaryOutput, type Output } from '../outputs.js';
import { htmlReport, type ReportPage } from './html.js';
import { itfPath, itfText, toItf } from './itf.js';
import { markdownSummary, timelineTable } from './markdown.js';
import { constantsText } from './report-check.js';
import { timelineFromTrace } from './timeline-trace.js';

/** The HTML report of `dnsplan simulate`: each violating walk drawn. */
export function simulatePage(spec: Spec<unknown>, c: Constants, variant: string, r: SimulationResult<unknown>, replay: string): ReportPage {
  const found = r.violations.length > 0;
  return {
    heading: `dnsplan simulate: ${variant}${c.collector ? '' : ' without the collector'}`,
    verdict: found ? { text: 'violated', tone: 'bad' } : { text: 'no violation found', tone: 'unknown' },
    facts: [
      ['constants', constantsText(c)],
      ['walks', `${r.runs} walks, ${r.steps} steps in ${r.seconds.toFixed(2)} s, seed ${r.seed}`],
    ],
    timelines: r.violations.map((v) => {
      const because = explainViolation(spec, v.property, v.trace.steps);
      const description = propertyDescription(spec, v.property);
      return timelineFromTrace(c, v.trace as Trace<State>, { property: v.property, ...(because === undefined ? {} : { because }), ...(description === undefined ? {} : { description }) }, `${v.property} is violated in walk ${v.run}: ${v.trace.steps.length - 1} steps`);
    }),
    replay,
    ...(found ? {} : { notes: ['A simulation samples behaviours; finding no violation proves nothing (dnsplan check explores every state).'] }),
  };
}

/** The files `dnsplan simulate` was asked for: the HTML report, each violating walk as ITF, the Markdown summary. */
export function simulateOutputs(o: Record<string, unknown>, spec: Spec<unknown>, c: Constants, variant: string, r: SimulationResult<unknown>, replay: string): (Output | undefined)[] {
  return [
    requested(HTML_FLAG, o['html'], () => htmlReport(simulatePage(spec, c, variant, r, replay))),
    ...r.violations.map((v, k) =>
      requested(ITF_FLAG, o['itf'] === undefined ? undefined : itfPath(String(o['itf']), k, v.property), () => {
        const because = explainViolation(spec, v.property, v.trace.steps);
        return itfText(toItf(v.trace as Trace<State>, c, { source: `dnsplan simulate (${variant}, seed ${r.seed}, walk ${v.run})`, description: `${v.property} is violated in walk ${v.run}`, property: v.property, ...(because === undefined ? {} : { because }) }));
      }),
    ),
    summaryOutput(o['summary'], () => {
      const page = simulatePage(spec, c, variant, r, replay);
      const first = page.timelines[0];
      return markdownSummary({ heading: page.heading, verdict: `dnsplan simulate: ${page.verdict.text}`, facts: page.facts, tables: first ? [timelineTable(first)] : [], ...(page.notes ? { notes: page.notes } : {}), replay });
    }),
  ];
}
