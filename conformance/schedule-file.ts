/**
 * Named schedules: schedules the harness runs first, before any it generates, and names in
 * its report when one fails. Two sources: the postmortem race, built in, and schedule files
 * (`conformance/protocol/schedules.schema.json`), which `dnsplan check --schedules FILE`
 * writes from the model checker's shortest counterexamples.
 */
import type { Command, ProtocolConstants, ScheduleFile } from './protocol/index.js';

export interface NamedSchedule {
  readonly name: string;
  /** Where it came from, for reports: `built in` or the file's path. */
  readonly source: string;
  readonly commands: readonly Command[];
}

const step = (enactor: string): Command => ({ kind: 'step', enactor });
const PLAN: Command = { kind: 'plan' };

/**
 * The October 2025 interleaving: a picks plan 2 and stalls; plans 3 and 4 arrive; b picks 4,
 * writes it and is done; the slow a writes its stale plan 2 over it; b's clean-up deletes
 * plan 2, the one in DNS. Needs two enactors; with `a` and `b` it is the model's own trace.
 */
export function postmortem(enactors: readonly string[]): NamedSchedule | undefined {
  const [a, b] = enactors;
  if (a === undefined || b === undefined) return undefined;
  return { name: 'postmortem', source: 'built in', commands: [PLAN, step(a), PLAN, PLAN, step(b), step(b), step(a), step(b)] };
}

/** The command that makes an implementation take a spec step, by the step's action name and its enactor. */
export function commandOf(action: string, enactor: string | undefined): Command {
  if (action === 'Plan') return PLAN;
  if (action === 'Collect') return { kind: 'collect' };
  if (enactor === undefined) throw new RangeError(`the action ${action} needs an enactor`);
  return action === 'Crash' ? { kind: 'crash', enactor } : step(enactor);
}

/** A trace label (`Write(b, regional)`) as the command that asks for it (`step:b`). */
export function commandOfLabel(label: string): Command {
  const m = /^(\w+)(?:\(([^,)]+)(?:,[^)]*)?\))?$/.exec(label);
  if (m === null) throw new RangeError(`not an action label: ${label}`);
  return commandOf(m[1]!, m[2]?.trim());
}

/** A schedule file holding one schedule per counterexample, named after the property it violates. */
export function scheduleFileOf(
  constants: ProtocolConstants,
  specVariant: NonNullable<ScheduleFile['specVariant']>,
  counterexamples: readonly { readonly property: string; readonly description?: string; readonly actions: readonly string[] }[],
): ScheduleFile {
  return {
    format: 'dnsplan-schedules/1',
    constants,
    specVariant,
    schedules: counterexamples.map((c) => ({
      name: c.property,
      description: `the model checker's shortest counterexample to ${c.property} in ${specVariant}: ${c.actions.join(', ') || 'the initial state'}`.slice(0, 500),
      commands: c.actions.map(commandOfLabel),
    })),
  };
}
