/**
 * Reading a schedule file (conformance/protocol/schedules.schema.json) for a run: JSON, then
 * the schema, then the run's constants; every problem names the file, where in it, and what
 * is wrong. Apart from schedule-file.ts so that writing one never loads the schema validator.
 */
import type { ProtocolConstants, ScheduleFile } from './protocol/index.js';
import { firstError } from './protocol/validate.js';
import type { NamedSchedule } from './schedule-file.js';

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
