import pc from 'picocolors';
import { forTerminal, showForTerminal } from './escape.js';
import { plural } from './numbers.js';
import { classify, describeEvent, formatSchedule, type ConformanceResult, type HistoryLine, type RunRecord } from '../../../conformance/index.js';

/** A history as a table: each step's command, the event reported, the plan store and each record as observed. */
export function renderHistory(run: RunRecord, endpoints: readonly string[], mark?: number): string {
  const rows: string[][] = [];
  for (const line of run.steps as HistoryLine[]) {
    if (line.type !== 'step') continue;
    const c = line.command;
    const command = c.kind === 'step' || c.kind === 'crash' ? `${c.kind}(${c.enactor})` : c.kind;
    const records = endpoints.map((p, i) => {
      const k = classify(i, line.observation.records[p]);
      return k.kind === 'plan' ? `plan ${k.generation}` : k.kind === 'empty' ? 'EMPTY' : 'TORN';
    });
    rows.push([String(line.index), command, forTerminal(describeEvent(line.event)), `{${line.observation.plans.join(', ')}}`, ...records]);
  }
  const head = ['step', 'command', 'event', 'plans', ...endpoints];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => `  ${r.map((x, i) => (i === 0 ? x.padStart(widths[i]!) : x.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  const lines = [pc.dim(fmt(head))];
  for (const r of rows) {
    const text = fmt(r);
    lines.push(Number(r[0]) === mark ? pc.red(`${text}  <-`) : text);
  }
  const tail = run.steps.length - run.scheduled;
  if (tail > 0) lines.push(pc.dim(`  (the last ${tail} steps are the fair tail the harness adds after the schedule)`));
  return lines.join('\n');
}

/** The human report of a conformance run. */
export function renderConformance(r: ConformanceResult, replay: { schedule: (s: string) => string; seed: string }): string {
  const lines: string[] = [];
  const where = `${forTerminal(r.target)} (observed through ${forTerminal(r.observer)})`;
  if (r.verdict === 'incomplete') {
    lines.push(pc.yellow(`dnsplan conform: ${where}: incomplete: ${incompleteSentence(r)}`));
  } else if (r.verdict === 'conformant') {
    lines.push(pc.green(`dnsplan conform: ${where} is conformant at level ${r.levelReached}`) + ` (required: ${r.levelRequired})`);
  } else if (r.verdict === 'not-conformant' && r.counterexample) {
    const ce = r.counterexample;
    lines.push(pc.red(`dnsplan conform: ${where} is NOT conformant: level reached ${r.levelReached}, required ${r.levelRequired}`));
    if (ce.named !== undefined) lines.push(pc.red(`the failing schedule: ${forTerminal(ce.named.name)} (${ce.named.source === 'built in' ? 'built in' : `from ${forTerminal(ce.named.source)}`})`));
    lines.push('', pc.red(`${ce.violation.property} (${ce.violation.level}): ${forTerminal(ce.violation.message)}`));
    if (!ce.reproduced) lines.push(pc.yellow('not reproduced on replay: the implementation is nondeterministic; the original failing history is kept (history (fail) below) and was not shrunk'));
    if (!ce.minimalFails) lines.push(pc.yellow('the minimal history below did not fail when replayed: it is shown as run, and the original failing history is kept'));
    if (r.worseMayBeHidden) lines.push(pc.yellow(`a worse violation may be hidden: the search stopped at ${ce.violation.property} (level ${ce.violation.level}), short of an empty record`));
    lines.push(
      '',
      `Minimal failing history: ${ce.minimal.schedule.length} scheduled commands (from ${ce.original.schedule.length}, ${ce.shrinks} shrinks); the violation shows at step ${ce.violation.step}:`,
    );
    lines.push(renderHistory(ce.minimal, r.constants.endpoints, ce.violation.step));
    lines.push('', pc.dim(`replay with: ${replay.schedule(formatSchedule(ce.minimal.schedule))}`));
  }
  lines.push(
    '',
    `${plural(r.runs, 'run')}, ${plural(r.steps, 'step')} in ${r.seconds.toFixed(2)} s (${Math.round(r.steps / Math.max(r.seconds, 1e-9))} steps/s), spec ${r.specVariant}, seed ${r.seed}`,
  );
  if (r.implementation !== undefined) lines.push(`implementation: ${forTerminal(r.implementation.name)}${r.implementation.version === undefined ? '' : ` ${forTerminal(r.implementation.version)}`}`);
  if (r.skipped.length > 0) lines.push(pc.yellow(`skipped: ${r.skipped.join(', ')} (the implementation says it does not support ${r.skipped.length === 1 ? 'it' : 'them'}; the constants above are what was run)`));
  const line = coverageLine(r);
  if (line !== undefined) lines.push(line);
  lines.push(...unsteerableLines(r));
  for (const [role, path] of Object.entries(r.histories)) lines.push(pc.dim(role === 'runs' ? `every run's history: ${forTerminal(path)}` : `history (${role}): ${forTerminal(path)}`));
  lines.push(pc.dim(`rerun with: ${replay.seed}`));
  return lines.join('\n');
}

/** Why a run is incomplete, and what the runs done showed: no blame, nothing proven. */
export function incompleteSentence(r: ConformanceResult): string {
  const done = `${r.runs} conformant run${r.runs === 1 ? '' : 's'}`;
  return `deadline reached after ${done}${r.runs > 0 ? ` (each at level ${r.levelReached} or better)` : ''}; nothing is proven about the runs not done`;
}

/** `spec coverage: 1543 of 1543 states (100.0%), 5308 of 5308 transitions (100.0%); Plan 12/12, ...`. */
function coverageLine(r: ConformanceResult): string | undefined {
  const c = r.coverage;
  if (c === undefined) return undefined;
  const actions = Object.entries(c.actions).map(([name, a]) => `${name} ${a.covered}/${a.reachable}`).join(', ');
  const guided = r.phases.guided > 0 ? `, ${r.phases.guided} spec-guided runs` : '';
  return `spec coverage: ${coverageText(c)}; ${actions}${guided}`;
}

/** The transitions the commands could not make the implementation take: how many, a few of them, and how many lie beyond them. */
function unsteerableLines(r: ConformanceResult): string[] {
  const c = r.coverage;
  if (c === undefined || c.unsteerable.length === 0) return [];
  const beyond = c.transitions.reachable - c.transitions.covered - c.unsteerable.length;
  const lines = [
    `not reachable through the protocol's commands: ${c.unsteerable.length} transitions the implementation never chose when asked${beyond > 0 ? `, and ${beyond} more reachable only through those or not reached` : ''}, e.g.:`,
  ];
  for (const u of c.unsteerable.slice(0, 3)) lines.push(pc.dim(`  ${u.transition}: ${u.reason}`));
  return lines;
}

/** `1543 of 1543 reachable states (100.0%), 5308 of 5308 transitions (100.0%)`. */
export function coverageText(c: NonNullable<ConformanceResult['coverage']>): string {
  return `${c.states.covered} of ${c.states.reachable} reachable states (${pct(c.states.covered, c.states.reachable)}), ${c.transitions.covered} of ${c.transitions.reachable} transitions (${pct(c.transitions.covered, c.transitions.reachable)})`;
}

function pct(a: number, b: number): string {
  return `${((100 * a) / Math.max(b, 1)).toFixed(1)}%`;
}

/** An implementation that broke the protocol: the lifecycle step, sent, expected, received, because, hint. */
export function renderBroken(r: ConformanceResult, historyHint: string | undefined): string {
  const b = r.broken?.broken;
  if (!b) return '';
  const d = b.error.details;
  const lines = [
    d.blame === 'environment'
      ? pc.red(`dnsplan conform: the harness cannot judge ${forTerminal(r.target)}: its environment failed at ${forTerminal(d.lifecycle)}`)
      : pc.red(`dnsplan conform: the implementation at ${forTerminal(r.target)} broke the protocol at ${forTerminal(d.lifecycle)}`),
    `  (schedule step ${b.step} of run ${r.runs})`,
  ];
  if (d.sent !== undefined) lines.push(`  sent:      ${showForTerminal(d.sent)}`);
  if (d.expected !== undefined) lines.push(`  expected:  ${forTerminal(d.expected)}`);
  if (d.received !== undefined) lines.push(`  received:  ${showForTerminal(d.received)}`);
  lines.push(`  because:   ${forTerminal(b.error.message)}`);
  if (b.event !== undefined) lines.push(`  event:     ${showForTerminal(b.event)} (the step took effect and is recorded; the observation after it failed)`);
  const happened = d.lifecycle === 'observe' ? 'no (an observation changes nothing)' : d.happened === 'no' ? 'no (the step certainly did not take effect)' : 'unknown (the step may have taken effect)';
  lines.push(`  happened:  ${happened}`);
  if (d.hint !== undefined) lines.push(`  hint:      ${forTerminal(d.hint)}`);
  if (historyHint !== undefined) lines.push(`  history:   the history so far is in ${historyHint}`);
  return lines.join('\n');
}
