import pc from 'picocolors';
import type { Trace } from '../../engine/index.js';

/**
 * A trace as a table: one row per step, the action with its parameters, and only the
 * variables the step changed (every variable on the initial row).
 */
export function renderTrace<S>(
  trace: Trace<S>,
  format: (s: S) => Readonly<Record<string, string>>,
  because?: string,
): string {
  const rows: [string, string, string][] = [];
  let before: Readonly<Record<string, string>> | undefined;
  trace.steps.forEach((step, i) => {
    const now = format(step.state);
    const changed = Object.entries(now)
      .filter(([k, v]) => before === undefined || before[k] !== v)
      .map(([k, v]) => `${k}=${v}`);
    rows.push([String(i), step.action ?? '(initial)', changed.join('  ') || '(no change)']);
    before = now;
  });
  const w0 = Math.max(4, ...rows.map((r) => r[0].length));
  const w1 = Math.max(6, ...rows.map((r) => r[1].length));
  const lines = [pc.dim(`  ${'step'.padStart(w0)}  ${'action'.padEnd(w1)}  changes`)];
  for (const [n, action, changes] of rows) lines.push(`  ${n.padStart(w0)}  ${pc.bold(action.padEnd(w1))}  ${changes}`);
  if (because !== undefined) lines.push(pc.red(`  ${' '.repeat(w0)}  ${'^'.padEnd(w1)}  ${because}`));
  const forever = trace.forever;
  if (forever?.kind === 'stutter') lines.push(pc.dim('  then nothing fair is enabled: the system stays here forever'));
  if (forever?.kind === 'cycle') lines.push(pc.dim(`  then this cycle of ${trace.steps.length - 1 - forever.loopsTo} steps forever, looping back to step ${forever.loopsTo}`));
  return lines.join('\n');
}
