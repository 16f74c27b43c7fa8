import { SAFETY_PROPERTIES, rank, type VerifyResult } from '../../../conformance/index.js';
import { constantsOf } from '../../../spec/index.js';
import { HTML_FLAG, ITF_FLAG } from '../output-flags.js';
import { requested, summaryOutput, type Output } from '../outputs.js';
import { readHistory } from './history-file.js';
import { htmlReport, type ReportPage, type Tone } from './html.js';
import { itfText, toItf } from './itf.js';
import { markdownSummary, timelineTable } from './markdown.js';
import { fromHistory, historyInput } from './timeline-history.js';

/** The verified history as a picture and a trace of spec states: only the lines verify found valid. */
function drawn(file: string, r: VerifyResult) {
  const valid = r.invalid === undefined ? undefined : r.invalid.line - 1;
  let read;
  try {
    read = readHistory(file, valid);
  } catch {
    return undefined;
  }
  if (read === undefined) return undefined;
  const first = [...r.violations].sort((a, b) => rank(a.level) - rank(b.level) || gravity(a.property) - gravity(b.property) || a.step - b.step)[0];
  const input = historyInput(read.header, read.lines, first);
  if (input === undefined) return undefined;
  const title = `the recorded history: ${input.steps.length} steps${read.cut ? ' (drawn up to there; the file goes on)' : ''}`;
  return { ...fromHistory(input, title), header: read.header };
}

/** The violation a picture shows: the weakest level's, the outage first, as `conform` reports a run. */
function gravity(property: string): number {
  const i = (SAFETY_PROPERTIES as readonly string[]).indexOf(property);
  return i < 0 ? SAFETY_PROPERTIES.length : i;
}

const TONES: Record<string, Tone> = { holds: 'good', violated: 'bad' };

function facts(file: string, r: VerifyResult): [string, string][] {
  return [
    ['file', file],
    ['lines', `${r.lines} lines, ${r.steps} steps${r.complete ? '' : ' (no footer: a prefix of a history)'}`],
    ['level kept', r.level],
    ...(r.header ? [['implementation', `${r.header.target} (observed through ${r.header.observer})`] as [string, string]] : []),
    ...r.violations.map((v): [string, string] => [`line ${v.line}`, `${v.property} (${v.level}) at step ${v.step}: ${v.message}`]),
    ...(r.invalid ? [[`line ${r.invalid.line}`, `invalid: ${r.invalid.reason}`] as [string, string]] : []),
    ...(r.error ? [[`line ${r.error.line}`, `the implementation broke the protocol at ${r.error.lifecycle}: ${r.error.message}`] as [string, string]] : []),
  ];
}

/** The files `dnsplan verify` was asked for: the HTML report, the history as ITF, the Markdown summary. */
export function verifyOutputs(o: Record<string, unknown>, file: string, verdict: string, r: VerifyResult, replay: string): (Output | undefined)[] {
  let cached: ReturnType<typeof drawn> | null = null;
  const h = () => (cached === null ? (cached = drawn(file, r)) : cached);
  const page = (): ReportPage => {
    const t = h()?.timeline;
    return {
      heading: `dnsplan verify: ${file}`,
      verdict: { text: verdict, tone: TONES[verdict] ?? 'unknown' },
      facts: facts(file, r),
      timelines: t ? [t] : [],
      replay,
      ...(t ? {} : { notes: ['The history has no valid header with the observation after reset, so there is nothing to draw.'] }),
    };
  };
  return [
    requested(HTML_FLAG, o['html'], () => htmlReport(page())),
    requested(ITF_FLAG, o['itf'], () => {
      const got = h();
      if (got === undefined) throw new Error('the history has no valid header with the observation after reset');
      const k = got.header.constants;
      const c = constantsOf(got.header.specVariant, { enactors: k.enactors.length, endpoints: k.endpoints.length, maxPlan: k.maxPlan, keep: k.keep, collector: k.collector, crashes: k.crashes });
      const v = got.timeline.violation;
      return itfText(toItf(got.trace, c, { source: `dnsplan verify (${file})`, description: `${got.timeline.title}; each state is the spec state the history checker reconstructs after the step`, ...(v ? { property: v.property, because: v.sentence } : {}) }));
    }),
    summaryOutput(o['summary'], () => {
      const p = page();
      const t = p.timelines[0];
      return markdownSummary({ heading: p.heading, verdict: `dnsplan verify: ${verdict}`, facts: p.facts, tables: t ? [timelineTable(t)] : [], ...(p.notes ? { notes: p.notes } : {}), replay });
    }),
  ];
}
