/**
 * The Markdown summary a CI job shows (GitHub's step summary): the verdict, the facts of the
 * run, tables (the verdicts, the failing steps), and the line that replays the run. Every
 * cell goes through `forMarkdown`, so nothing from an implementation renders as markup.
 */
import { forMarkdown, forTerminal } from './escape.js';
import { bandText, type Timeline } from './timeline.js';

export interface MarkdownTable {
  readonly caption: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface MarkdownSummary {
  readonly heading: string;
  /** One sentence: the verdict, bold. */
  readonly verdict: string;
  readonly facts: readonly (readonly [string, string])[];
  readonly tables: readonly MarkdownTable[];
  readonly notes?: readonly string[];
  readonly replay: string;
}

function table(t: MarkdownTable): string {
  const row = (cells: readonly string[]) => `| ${cells.map((c) => forMarkdown(c).replace(/\n/g, ' ')).join(' | ')} |`;
  return [`**${forMarkdown(t.caption)}**`, '', row(t.head), `|${t.head.map(() => '---').join('|')}|`, ...t.rows.map(row)].join('\n');
}

/** A fenced code block that no backtick run inside it can close. */
function fenced(text: string): string {
  const clean = forTerminal(text);
  const longest = Math.max(2, ...(clean.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}sh\n${clean}\n${fence}`;
}

export function markdownSummary(s: MarkdownSummary): string {
  const parts = [`### ${forMarkdown(s.heading)}`, '', `**${forMarkdown(s.verdict)}**`, ''];
  if (s.facts.length > 0) parts.push(...s.facts.map(([k, v]) => `- ${forMarkdown(k)}: ${forMarkdown(v)}`), '');
  for (const t of s.tables) parts.push(table(t), '');
  for (const n of s.notes ?? []) parts.push(forMarkdown(n), '');
  parts.push('Replay:', '', fenced(s.replay), '');
  return parts.join('\n');
}

/** A timeline's steps as a table: who, what, each record, the plan store; the violating step marked. */
export function timelineTable(t: Timeline): MarkdownTable {
  const records = t.endpoints.flatMap((p) => (t.channels ? [`${p} (says)`, `${p} (served)`] : [p]));
  const withEvent = t.marks.some((m) => m.event !== undefined);
  return {
    caption: t.title,
    head: ['step', 'who', 'action', ...(withEvent ? ['event'] : []), ...records, 'plans', ''],
    rows: t.marks.map((m) => [
      String(m.index),
      m.lane < 0 ? '' : (t.lanes[m.lane] ?? ''),
      m.action,
      ...(withEvent ? [m.event ?? ''] : []),
      ...t.endpoints.flatMap((_, p) => [bandText(m.records[p]!), ...(t.channels ? [m.served?.[p] ? bandText(m.served[p]!) : ''] : [])]),
      `{${m.plans.join(', ')}}`,
      t.violation?.step === m.index ? `← ${t.violation.property}: ${t.violation.sentence}` : '',
    ]),
  };
}
