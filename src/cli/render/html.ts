/**
 * The HTML report: one self-contained file (inline style, script and SVG; nothing fetched)
 * with a summary of the run and, for each counterexample or history, a space-time diagram,
 * the sentence that says what is wrong, a panel that shows any step's full state, and the
 * same steps as a table for readers who cannot see the picture.
 */
import { REPORT_CSS, REPORT_JS } from './html-assets.js';
import { EMPTY_COLOUR } from './colours.js';
import { forHtml } from './escape.js';
import { planColour } from './colours.js';
import { timelineSvg } from './svg-timeline.js';
import { bandLong, type Timeline } from './timeline.js';

export type Tone = 'good' | 'bad' | 'unknown';

export interface ReportPage {
  /** e.g. `dnsplan check: aws-2025 without the collector`. */
  readonly heading: string;
  readonly verdict: { readonly text: string; readonly tone: Tone };
  /** Facts of the run as label and value (level, runs, seed, state counts, coverage). */
  readonly facts: readonly (readonly [string, string])[];
  /** Tables such as the verdicts: caption, head and rows; a cell `holds`/`violated`/`incomplete` is coloured. */
  readonly tables?: readonly { readonly caption: string; readonly head: readonly string[]; readonly rows: readonly (readonly string[])[] }[];
  readonly timelines: readonly Timeline[];
  /** The one line that replays the run. */
  readonly replay: string;
  /** Further sentences, e.g. why there is no picture. */
  readonly notes?: readonly string[];
}

/** Text safe inside `<script type="application/json">`: no `</script>` can end it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function htmlReport(p: ReportPage): string {
  const data: Record<string, unknown> = {};
  const sections = p.timelines.map((t, k) => {
    const id = `timeline-${k + 1}`;
    data[id] = t.marks.map((m) => ({ index: m.index, action: m.action, ...(m.event ? { event: m.event } : {}), state: m.state }));
    return section(t, id);
  });
  const facts = p.facts.map(([k, v]) => `<dt>${forHtml(k)}</dt><dd>${forHtml(v)}</dd>`).join('');
  const tables = (p.tables ?? [])
    .map(
      (t, k) =>
        `<section class="card" aria-labelledby="table-${k + 1}-title"><h2 id="table-${k + 1}-title">${forHtml(t.caption)}</h2><table><thead><tr>${t.head.map((h) => `<th scope="col">${forHtml(h)}</th>`).join('')}</tr></thead><tbody>${t.rows
          .map(
            (r) =>
              `<tr>${r.map((c) => `<td${/^(holds|violated|incomplete)\b/.test(c) ? ` class="${c.split(' ')[0]}"` : ''}>${forHtml(c)}</td>`).join('')}</tr>`,
          )
          .join('')}</tbody></table></section>`,
    )
    .join('\n');
  const notes = (p.notes ?? []).map((n) => `<p>${forHtml(n)}</p>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${forHtml(p.heading)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="page">
<h1>${forHtml(p.heading)} <span class="verdict ${p.verdict.tone}" id="verdict">${forHtml(p.verdict.text)}</span></h1>
<dl class="facts">${facts}</dl>
</header>
<main>
${tables}
${notes ? `<section class="card notes">${notes}</section>` : ''}
${sections.join('\n')}
<section class="card" aria-labelledby="replay-title"><h2 id="replay-title">Replay</h2><code class="replay">${forHtml(p.replay)}</code></section>
</main>
<footer>Written by dnsplan. Time runs left to right; hover, click or tab to a step to see its full state; the arrow keys move between steps.</footer>
<script type="application/json" id="dnsplan-data">${scriptJson(data)}</script>
<script>${REPORT_JS}</script>
</body>
</html>
`;
}

function section(t: Timeline, id: string): string {
  const violating = t.violation ? t.marks.findIndex((m) => m.index === t.violation!.step) : -1;
  const at = violating >= 0 ? t.marks[violating]! : undefined;
  const because = t.violation
    ? `<p class="because" id="${id}-because"><strong>${forHtml(t.violation.property)}</strong> at step ${t.violation.step}${at ? ` (${forHtml(at.action)})` : ''}: ${forHtml(t.violation.sentence)}</p>`
    : '';
  const generations = [...new Set(t.marks.flatMap((m) => [...m.plans, ...m.records.flatMap((b) => (b.kind === 'plan' ? [b.plan] : []))]))].sort(
    (a, b) => a - b,
  );
  const legend =
    `<div class="legend" aria-hidden="true">` +
    generations.map((g) => `<span><span class="swatch" style="background:${planColour(g)}"></span>plan ${g}</span>`).join('') +
    `<span><span class="swatch empty"></span>empty record (resolves to nothing)</span><span><span class="swatch torn"></span>torn record (mixes plans)</span>` +
    (t.forever?.kind === 'cycle' ? `<span style="color:#6a1b9a">arc: the cycle that repeats forever</span>` : '') +
    `</div>`;
  return `<section class="card timeline" id="${id}" aria-labelledby="${id}-title"${violating >= 0 ? ` data-start="${violating}"` : ''}>
<h2 id="${id}-title">${forHtml(t.title)}</h2>
${because}
${legend}
<div class="scroll">${timelineSvg(t, id)}</div>
<div class="details" aria-live="polite"><p class="hint">Hover, click or tab to a step to see its full state.</p></div>
${textTable(t, id)}
</section>`;
}

/** The steps as a table: the text alternative of the picture. */
function textTable(t: Timeline, id: string): string {
  const records = t.endpoints.flatMap((p) => (t.channels ? [`${p} (${t.channels.records})`, `${p} (${t.channels.served})`] : [`record ${p}`]));
  const head = ['step', 'who', 'action', ...(t.marks.some((m) => m.event) ? ['event'] : []), ...records, 'plan store'];
  const withEvent = head.includes('event');
  const rows = t.marks.map((m) => {
    const who = m.lane < 0 ? '' : (t.lanes[m.lane] ?? '');
    const bands = t.endpoints.flatMap((_, p) => [m.records[p]!, ...(t.channels ? [m.served?.[p]] : [])]);
    const cells = [
      String(m.index),
      who,
      m.action,
      ...(withEvent ? [m.event ?? ''] : []),
      ...bands.map((b) => (b === undefined ? '' : bandLong(b))),
      `{${m.plans.join(', ')}}`,
    ];
    const cls = t.violation?.step === m.index ? ' class="violating"' : '';
    return `<tr${cls}>${cells.map((c) => `<td${c.startsWith('nothing') ? ` style="color:${EMPTY_COLOUR};font-weight:600"` : ''}>${forHtml(c)}</td>`).join('')}</tr>`;
  });
  const tail =
    t.forever?.kind === 'cycle'
      ? `<p>Then it loops back to step ${t.forever.loopsTo}, forever.</p>`
      : t.forever?.kind === 'stutter'
        ? '<p>Then nothing fair is enabled: the system stays there forever.</p>'
        : '';
  return `<details class="text" id="${id}-text"><summary>The steps as a table</summary><table><thead><tr>${head.map((h) => `<th scope="col">${forHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>${tail}</details>`;
}
