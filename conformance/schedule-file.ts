/**
 * Named schedules: schedules the harness runs first, before any it generates, and names in
 * its report when one fails. Two sources: the postmortem race, built in, and schedule files
 * (`conformance/protocol/schedules.schema.json`), which `dnsplan check --schedules FILE`
 * writes from the model checker's shortest counterexamples.
 */
import type { Command, ProtocolConstants, ScheduleFile } from './protocol/index.js';
import { firstError } from './protocol/validate.js';

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

/** A schedule file that cannot be used: `where` is a JSON pointer into it or `line N`. */
export class ScheduleFileError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${file}${where === '' ? '' : ` at ${where}`}: ${problem}`);
    this.name = 'ScheduleFileError';
  }
}

const CONSTANT_KEYS = ['enactors', 'endpoints', 'maxPlan', 'keep', 'collector', 'crashes'] as const satisfies readonly (keyof ProtocolConstants)[];

/**
 * The schedules of a file's text, checked against the schema and against the run's
 * constants (the file must have been made for exactly these, and name only enactors the run
 * has); a problem is a ScheduleFileError naming the file, where, and what is wrong.
 */
export function readScheduleFile(file: string, text: string, run: ProtocolConstants): NamedSchedule[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position === null ? undefined : text.slice(0, Number(position[1])).split('\n').length;
    throw new ScheduleFileError(file, line === undefined ? '' : `line ${line}`, `not JSON: ${message}`);
  }
  const invalid = firstError('ScheduleFile', json);
  if (invalid !== undefined) {
    const pointer = /^(\/\S*)/.exec(invalid)?.[1] ?? '';
    throw new ScheduleFileError(file, pointer, `not a schedule file (conformance/protocol/schedules.schema.json): ${invalid}`);
  }
  const parsed = json as ScheduleFile;
  for (const key of CONSTANT_KEYS) {
    const made = JSON.stringify(parsed.constants[key]);
    const ours = JSON.stringify(run[key]);
    if (made !== ours) throw new ScheduleFileError(file, `/constants/${key}`, `made for ${key} ${made}, but this run has ${ours}; make it again with this run's constants`);
  }
  return parsed.schedules.map((s, i) => {
    s.commands.forEach((c, j) => {
      if ((c.kind === 'step' || c.kind === 'crash') && !run.enactors.includes(c.enactor)) {
        throw new ScheduleFileError(file, `/schedules/${i}/commands/${j}/enactor`, `names enactor ${JSON.stringify(c.enactor)}, which this run does not have (${run.enactors.join(', ')})`);
      }
      if (c.kind === 'crash' && !run.crashes) throw new ScheduleFileError(file, `/schedules/${i}/commands/${j}`, 'crashes an enactor, but this run has no crashes');
    });
    return { name: s.name, source: file, commands: s.commands };
  });
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
