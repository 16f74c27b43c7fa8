/**
 * A timeline drawn as an SVG space-time diagram: time runs left to right, one column per
 * step; the lanes of the Planner, the enactors and the collector on top, each step a mark on
 * the lane of whoever took it; under them each endpoint's record as a band coloured by the
 * plan it resolves to (empty and torn hatched in red and orange), then the plan store's live
 * generations. Every column is a focusable group: the page's script shows its full state.
 * Every string from outside goes through `forHtml`.
 */
import { EMPTY_COLOUR, TORN_COLOUR, inkOn, planColour } from './colours.js';
import { forHtml } from './escape.js';
import { bandLong, bandText, type Band, type Timeline } from './timeline.js';

const LEFT = 150;
const TOP = 64;
const LANE = 40;
const GAP = 22;
const BAND = 26;
const GEN = 14;
const BOTTOM = 16;
/** Generations the plan-store band shows at most (the spec has at most 15). */
const MAX_GENERATIONS = 32;

/** The SVG of one timeline; `id` prefixes the ids inside it (one page may hold several). */
export function timelineSvg(t: Timeline, id: string): string {
  const n = t.marks.length;
  const cw = n <= 16 ? 100 : n <= 40 ? 70 : 50;
  const x = (i: number) => LEFT + cw * i + cw / 2;
  const laneY = (l: number) => TOP + LANE * l + LANE / 2;
  const channels = t.channels ? 2 : 1;
  const bandsTop = TOP + LANE * t.lanes.length + GAP;
  const bandY = (p: number, ch: number) => bandsTop + (p * channels + ch) * (BAND + 4);
  const generations = Math.min(t.maxPlan, MAX_GENERATIONS);
  const plansTop = bandsTop + t.endpoints.length * channels * (BAND + 4) + GAP;
  const height = plansTop + generations * GEN + BOTTOM + 18;
  const width = LEFT + cw * n + 150;
  const out: string[] = [];
  const titleId = `${id}-svg-title`;
  const descId = `${id}-svg-desc`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="group" aria-labelledby="${titleId}" aria-describedby="${descId}">`,
    `<title id="${titleId}">${forHtml(t.title)}</title>`,
    `<desc id="${descId}">${forHtml(describe(t))}</desc>`,
    defs(id),
  );
  // Row labels and guides.
  t.lanes.forEach((name, l) => {
    out.push(`<text class="lane-label" x="${LEFT - 12}" y="${laneY(l) + 4}" text-anchor="end">${forHtml(name)}</text>`);
    out.push(`<line class="lane" data-lane="${l}" x1="${LEFT}" y1="${laneY(l)}" x2="${LEFT + cw * n}" y2="${laneY(l)}"/>`);
  });
  t.endpoints.forEach((p, i) => {
    for (let ch = 0; ch < channels; ch++) {
      const label = t.channels ? `${p} (${ch === 0 ? 'says' : 'served'})` : `record ${p}`;
      out.push(`<text class="band-label" x="${LEFT - 12}" y="${bandY(i, ch) + BAND / 2 + 4}" text-anchor="end">${forHtml(label)}</text>`);
    }
  });
  out.push(`<text class="band-label" x="${LEFT - 12}" y="${plansTop - 6}" text-anchor="end">plan store</text>`);
  for (let g = 1; g <= generations; g++) {
    out.push(`<text class="gen-label" x="${LEFT - 12}" y="${plansTop + (g - 1) * GEN + GEN - 3}" text-anchor="end">${g}</text>`);
  }
  if (t.scheduled !== undefined) {
    const sx = LEFT + cw * (t.scheduled + 1);
    out.push(`<line class="tail" x1="${sx}" y1="${TOP - 8}" x2="${sx}" y2="${height - BOTTOM}"/>`);
    out.push(`<text class="tail-label" x="${sx + 4}" y="${height - 4}">fair tail added by the harness →</text>`);
  }
  for (const [i, m] of t.marks.entries()) {
    const violating = t.violation?.step === m.index;
    const cls = `step${violating ? ' violating' : ''}${inCycle(t, i) ? ' cycle' : ''}`;
    const label = `step ${m.index}: ${m.action}${m.event ? ` (${m.event})` : ''}; ${t.endpoints.map((p, k) => `${p} ${bandLong(m.records[k]!)}`).join(', ')}; plans {${m.plans.join(', ')}}${violating ? `; ${t.violation!.property} is violated here` : ''}`;
    out.push(`<g class="${cls}" data-step="${i}" tabindex="0" role="button" aria-label="${forHtml(label)}">`);
    const x0 = LEFT + cw * i;
    out.push(`<rect class="column" x="${x0 + 1}" y="${TOP - 26}" width="${cw - 2}" height="${height - TOP + 26 - BOTTOM}" rx="4"/>`);
    out.push(`<text class="step-number" x="${x(i)}" y="${TOP - 10}" text-anchor="middle">${m.index}</text>`);
    if (m.lane >= 0) {
      out.push(`<circle class="mark lane-${m.lane === 0 ? 'planner' : m.lane === t.lanes.length - 1 ? 'collector' : 'enactor'}" cx="${x(i)}" cy="${laneY(m.lane)}" r="7"/>`);
      out.push(`<text class="mark-label" x="${x(i)}" y="${laneY(m.lane) + 19}" text-anchor="middle">${forHtml(clip(m.short, cw))}</text>`);
    } else {
      out.push(`<text class="mark-label initial" x="${x(i)}" y="${laneY(0) - 12}" text-anchor="middle">${forHtml(m.short)}</text>`);
    }
    m.records.forEach((b, p) => out.push(band(b, x0, bandY(p, 0), cw, id, t.endpoints[p]!)));
    m.served?.forEach((b, p) => out.push(band(b, x0, bandY(p, 1), cw, id, t.endpoints[p]!)));
    for (const g of m.plans) {
      if (g < 1 || g > generations) continue;
      const fill = planColour(g);
      out.push(`<rect class="gen" data-generation="${g}" x="${x0 + 3}" y="${plansTop + (g - 1) * GEN + 1}" width="${cw - 6}" height="${GEN - 2}" fill="${fill}"/>`);
    }
    out.push('</g>');
  }
  if (t.violation) {
    const i = t.marks.findIndex((m) => m.index === t.violation!.step);
    if (i >= 0) out.push(`<text class="violation-flag" x="${x(i)}" y="${TOP - 34}" text-anchor="middle">✗ ${forHtml(t.violation.property)}</text>`);
  }
  out.push(forever(t, x, cw, id));
  out.push('</svg>');
  return out.join('\n');
}

function band(b: Band, x0: number, y: number, cw: number, id: string, endpoint: string): string {
  const w = cw - 4;
  const fill = b.kind === 'plan' ? planColour(b.plan) : `url(#${id}-${b.kind})`;
  const ink = b.kind === 'plan' ? inkOn(planColour(b.plan)) : b.kind === 'empty' ? EMPTY_COLOUR : TORN_COLOUR;
  const text = b.kind === 'plan' ? (cw >= 60 ? `plan ${b.plan}` : String(b.plan)) : bandText(b);
  return (
    `<g class="band band-${b.kind}" data-endpoint="${forHtml(endpoint)}"${b.kind === 'plan' ? ` data-plan="${b.plan}"` : ''}>` +
    `<rect x="${x0 + 2}" y="${y}" width="${w}" height="${BAND}" rx="3" fill="${fill}"${b.kind === 'plan' ? '' : ` stroke="${ink}" stroke-width="2"`}/>` +
    `<text x="${x0 + cw / 2}" y="${y + BAND / 2 + 4}" text-anchor="middle" fill="${ink}">${forHtml(text)}</text></g>`
  );
}

/** The hatchings of the empty and the torn record, and the loop's arrowhead. */
function defs(id: string): string {
  return (
    `<defs>` +
    `<pattern id="${id}-empty" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
    `<rect width="8" height="8" fill="#fdecea"/><rect width="3" height="8" fill="${EMPTY_COLOUR}" opacity="0.55"/></pattern>` +
    `<pattern id="${id}-torn" width="8" height="8" patternUnits="userSpaceOnUse">` +
    `<rect width="8" height="8" fill="#fff3e0"/><path d="M0 0L8 8M8 0L0 8" stroke="${TORN_COLOUR}" stroke-width="1.6" opacity="0.7"/></pattern>` +
    `<marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
    `<path d="M0 0L10 5L0 10z" fill="#6a1b9a"/></marker>` +
    `</defs>`
  );
}

/** The lasso's cycle as an arc from the last step back to where it loops, or a stutter's self-loop. */
function forever(t: Timeline, x: (i: number) => number, cw: number, id: string): string {
  const last = t.marks.length - 1;
  const f = t.forever;
  if (f === undefined) return '';
  if (f.kind === 'stutter') {
    const cx = x(last) + cw / 2 + 16;
    return `<g class="forever stutter"><path d="M${cx - 9} ${TOP - 12} a 11 11 0 1 1 18 0" fill="none" stroke="#6a1b9a" stroke-width="2" marker-end="url(#${id}-arrow)"/><text x="${cx + 20}" y="${TOP - 10}" text-anchor="start">stays here</text><text x="${cx + 20}" y="${TOP + 4}" text-anchor="start">forever</text></g>`;
  }
  const from = x(last);
  const to = x(f.loopsTo);
  const mid = (from + to) / 2;
  return (
    `<g class="forever loop" data-loops-to="${f.loopsTo}"><path d="M${from} ${TOP - 30} C ${from} ${TOP - 62}, ${to} ${TOP - 62}, ${to} ${TOP - 30}" fill="none" stroke="#6a1b9a" stroke-width="2" marker-end="url(#${id}-arrow)"/>` +
    `<text x="${mid}" y="${TOP - 52}" text-anchor="middle">loops back to step ${t.marks[f.loopsTo]?.index ?? f.loopsTo}, forever</text></g>`
  );
}

function inCycle(t: Timeline, i: number): boolean {
  return t.forever?.kind === 'cycle' && i >= t.forever.loopsTo;
}

/** A label cut to fit a column, by an estimate of 6 pixels a character. */
function clip(s: string, cw: number): string {
  const most = Math.floor((cw - 4) / 5.8);
  return s.length <= most ? s : `${s.slice(0, Math.max(1, most - 1))}…`;
}

/** The picture said in words, for the SVG's description. */
function describe(t: Timeline): string {
  const parts = [`${t.marks.length - 1} steps on lanes ${t.lanes.join(', ')}.`];
  if (t.violation) parts.push(`Step ${t.violation.step} breaks ${t.violation.property}: ${t.violation.sentence}.`);
  if (t.forever?.kind === 'cycle') parts.push(`The last step loops back to step ${t.forever.loopsTo}, forever.`);
  if (t.forever?.kind === 'stutter') parts.push('After the last step nothing fair is enabled: the system stays there forever.');
  parts.push('The table after the picture lists every step.');
  return parts.join(' ');
}
