import { describe, expect, it } from 'vitest';
import { ScheduleFileError, commandOfLabel, formatSchedule, postmortem, protocolConstantsOf, readScheduleFile, scheduleFileOf } from '../../conformance/index.js';
import { check } from '../../src/engine/index.js';
import { DEFAULT_SHAPE, constantsOf, makeSpec } from '../../spec/index.js';

const shape = { ...DEFAULT_SHAPE, collector: false };
const run = protocolConstantsOf(shape);

/** The model checker's counterexamples for aws-2025 without the collector, as a schedule file's text. */
function exported(): string {
  const r = check(makeSpec(constantsOf('aws-2025', shape)) as never);
  const counterexamples = r.properties.flatMap((p) => (p.status === 'violated' ? [{ property: p.name, actions: p.trace.steps.flatMap((s) => (s.action === undefined ? [] : [s.action])) }] : []));
  return JSON.stringify(scheduleFileOf(run, 'aws-2025', counterexamples));
}

function problem(text: string, constants = run): ScheduleFileError {
  try {
    readScheduleFile('s.json', text, constants);
  } catch (e) {
    if (e instanceof ScheduleFileError) return e;
    throw e;
  }
  throw new Error('the file was accepted');
}

describe('schedule files', () => {
  it('turn the checker counterexamples into commands: the race is the postmortem schedule', () => {
    const schedules = readScheduleFile('s.json', exported(), run);
    expect(schedules.map((s) => s.name)).toEqual(['RecordNeverEmpty', 'NoActivePlanDeleted', 'NoStaleOverwrite', 'Converges']);
    const race = schedules[0]!;
    expect(race.source).toBe('s.json');
    expect(formatSchedule(race.commands)).toBe('plan,step:a,plan,plan,step:b,step:b,step:a,step:b');
    expect(race.commands).toEqual(postmortem(run.enactors)!.commands);
  });

  it('map every action to the command that asks for it', () => {
    expect(['Plan', 'Pick(b)', 'Write(c, regional)', 'Clean(a)', 'Collect', 'Crash(b)'].map(commandOfLabel)).toEqual([
      { kind: 'plan' },
      { kind: 'step', enactor: 'b' },
      { kind: 'step', enactor: 'c' },
      { kind: 'step', enactor: 'a' },
      { kind: 'collect' },
      { kind: 'crash', enactor: 'b' },
    ]);
    expect(postmortem(['a'])).toBeUndefined();
  });

  it('name the line of text that is not JSON', () => {
    const e = problem('{\n  "format": "dnsplan-schedules/1",\n  oops\n}');
    expect(e.where).toBe('line 3');
    expect(e.message).toMatch(/^s\.json at line 3: not JSON/);
  });

  it('name the JSON path of what the schema refuses', () => {
    const file = JSON.parse(exported());
    file.schedules[1].commands[2] = { kind: 'jump' };
    const e = problem(JSON.stringify(file));
    expect(e.where).toBe('/schedules/1/commands/2/kind');
    expect(e.problem).toMatch(/must be one of "plan", "step", "collect", "crash", got "jump"/);
  });

  it('refuse other constants, naming the one that differs', () => {
    const e = problem(exported(), { ...run, maxPlan: 6 });
    expect(e.where).toBe('/constants/maxPlan');
    expect(e.problem).toBe('made for maxPlan 4, but this run has 6; make it again with this run\'s constants');
    expect(problem(exported(), { ...run, endpoints: ['regional', 'fips'] }).where).toBe('/constants/endpoints');
  });

  it('refuse an enactor the run does not have', () => {
    const file = JSON.parse(exported());
    file.schedules[0].commands[1] = { kind: 'step', enactor: 'zed' };
    const e = problem(JSON.stringify(file));
    expect(e.where).toBe('/schedules/0/commands/1/enactor');
    expect(e.problem).toMatch(/names enactor "zed", which this run does not have \(a, b, c\)/);
  });
});
