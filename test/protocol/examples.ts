/**
 * Good and bad example messages for every schema: each good one must validate, each bad one
 * must fail with the readable first error given.
 */
import type { MessageName } from '../../conformance/protocol/index.js';

export interface Examples {
  readonly good: readonly unknown[];
  readonly bad: readonly (readonly [unknown, RegExp])[];
}

const constants = { enactors: ['a', 'b', 'c'], endpoints: ['regional', 'fips'], maxPlan: 4, keep: 2, collector: true, crashes: false };
const plan1 = { generation: 1, records: { regional: ['10.0.1.1', '10.0.1.2'], fips: ['10.1.1.1', '10.1.1.2'] } };
const observation = { plans: [1, 2], records: { regional: ['10.0.2.1', '10.0.2.2'], fips: [] } };
const pick = { kind: 'pick', enactor: 'a', generation: 2 };
const write = { kind: 'write', enactor: 'a', endpoint: 'regional', generation: 2, outcome: 'written' };
const clean = { kind: 'clean', enactor: 'a', deleted: [] };
const idle = { kind: 'idle', enactor: 'c' };
const collect = { kind: 'collect', deleted: [1] };
const crash = { kind: 'crash', enactor: 'b' };
const planEvent = { kind: 'plan', generation: 2 };
const header = {
  type: 'header', format: 'dnsplan-history/1', target: 'http://127.0.0.1:8080', observer: 'implementation', constants,
  specVariant: 'fixed', seed: 42, run: 1, started: '2026-11-23T05:00:00.000Z', command: 'dnsplan conform --seed 42', initial: observation,
};
const step = { type: 'step', index: 1, command: { kind: 'step', enactor: 'a' }, event: pick, observation, ms: 0.4 };

export const EXAMPLES: Record<MessageName, Examples> = {
  ResetRequest: {
    good: [{ protocol: 'dnsplan/1', constants, plan: plan1 }],
    bad: [
      [{ protocol: 'dnsplan/2', constants, plan: plan1 }, /^\/protocol must be "dnsplan\/1", got "dnsplan\/2"$/],
      [{ protocol: 'dnsplan/1', plan: plan1 }, /^missing required property "constants"$/],
    ],
  },
  ResetReply: {
    good: [{ result: { implementation: { name: 'acme', version: '2' }, unsupported: ['crash', 'endpoints'] } }, { result: {} }, { result: { implementation: { name: 'x', version: '1.0' } } }],
    bad: [[{ result: { unsupported: ['gc'] } }, /\/result\/unsupported\/0 must be one of "crash", "endpoints", got "gc"/], [{}, /missing required property "result"/], [{ result: { implementation: { version: '1' } } }, /\/result\/implementation missing required property "name"/]],
  },
  PlanRequest: {
    good: [{ plan: plan1 }],
    bad: [
      [{ plan: { generation: 0, records: {} } }, /^\/plan\/generation must be >= 1$/],
      [{ plan: { generation: 2, records: { regional: [] } } }, /^\/plan\/records\/regional must NOT have fewer than 1 items$/],
      [{ plan: { generation: 2, records: { regional: ['10.0.2.256'] } } }, /^\/plan\/records\/regional\/0 must match format "ipv4"$/],
      [{ plan: { generation: 2, records: { Regional_1: ['10.0.2.1'] } } }, /property "Regional_1", whose name must match pattern/],
    ],
  },
  PlanReply: {
    good: [{ result: { event: planEvent } }],
    bad: [
      [{ result: { event: { kind: 'planned', generation: 2 } } }, /^\/result\/event\/kind must be "plan", got "planned"$/],
      [{ result: { event: pick } }, /^\/result\/event has the unknown property "enactor"$/],
    ],
  },
  StepRequest: { good: [{ enactor: 'a' }, { enactor: 'zone-1b' }], bad: [[{ enactor: 'A' }, /^\/enactor must match pattern/], [{}, /missing required property "enactor"/]] },
  StepReply: {
    good: [pick, write, { ...write, outcome: 'skipped' }, clean, idle, { ...idle, reason: 'nothing newer' }].map((event) => ({ result: { event } })),
    bad: [
      [{ ok: true }, /^missing required property "result"$/],
      [{ result: {} }, /^\/result missing required property "event"$/],
      [{ result: { event: { kind: 'explode', enactor: 'a' } } }, /^\/result\/event\/kind must be one of "pick", "write", "clean", "idle", got "explode"$/],
      [{ result: { event: planEvent } }, /^\/result\/event\/kind must be one of .* got "plan"$/],
      [{ result: { event: { ...write, outcome: 'maybe' } } }, /\/result\/event\/outcome must be one of "written", "skipped", got "maybe"/],
      [{ result: { event: { ...pick, note: 1 } } }, /\/result\/event has the unknown property "note"/],
    ],
  },
  CollectRequest: { good: [{}], bad: [[{ now: true }, /unknown property "now"/]] },
  CollectReply: { good: [{ result: { event: collect } }, { result: { event: { kind: 'collect', deleted: [] } } }], bad: [[{ result: { event: { kind: 'collect', deleted: [1, 1] } } }, /^\/result\/event\/deleted must NOT have duplicate items/]] },
  CrashRequest: { good: [{ enactor: 'b' }], bad: [[{ enactor: '' }, /^\/enactor must match pattern/]] },
  CrashReply: { good: [{ result: { event: crash } }], bad: [[{ result: { event: { kind: 'crash' } } }, /missing required property "enactor"/]] },
  ObserveRequest: { good: [{}], bad: [[[], /the message must be object/]] },
  ObserveReply: {
    good: [{ result: { observation } }, { result: { observation: { ...observation, foreign: ['/skydns/test/x'] } } }],
    bad: [[{ result: { observation: { plans: [1], records: { regional: ['1.2.3'] } } } }, /\/result\/observation\/records\/regional\/0 must match format "ipv4"/]],
  },
  ErrorReply: {
    good: [{ error: { message: 'unknown enactor "z"', happened: 'no' } }, { error: { message: 'etcd timed out', happened: 'unknown' } }],
    bad: [[{ error: { message: 'x', happened: 'maybe' } }, /\/error\/happened must be one of "no", "unknown"/], [{ error: 'boom' }, /\/error must be object/]],
  },
  Plan: { good: [plan1], bad: [[{ generation: 1.5, records: {} }, /\/generation must be integer/]] },
  ProtocolConstants: { good: [constants], bad: [[{ ...constants, keep: 0 }, /\/keep must be >= 1/], [{ ...constants, enactors: ['a', 'a'] }, /^\/enactors must NOT have duplicate items/]] },
  Observation: { good: [observation, { plans: [], records: {} }], bad: [[{ plans: [1], records: {}, seen: [] }, /unknown property "seen"/]] },
  PlanEvent: { good: [planEvent], bad: [[{ kind: 'plan' }, /missing required property "generation"/]] },
  PickEvent: { good: [pick], bad: [[{ ...pick, generation: 0 }, /\/generation must be >= 1/]] },
  WriteEvent: { good: [write], bad: [[{ ...write, endpoint: '-x' }, /\/endpoint must match pattern/]] },
  CleanEvent: { good: [clean, { ...clean, deleted: [1, 2] }], bad: [[{ kind: 'clean', enactor: 'a' }, /missing required property "deleted"/]] },
  CollectEvent: { good: [collect], bad: [[{ ...collect, enactor: 'a' }, /unknown property "enactor"/]] },
  CrashEvent: { good: [crash], bad: [[{ ...crash, kind: 'crashed' }, /\/kind must be "crash", got "crashed"/]] },
  IdleEvent: { good: [idle], bad: [[{ ...idle, reason: 3 }, /\/reason must be string/]] },
  Command: {
    good: [{ kind: 'plan' }, { kind: 'step', enactor: 'a' }, { kind: 'collect' }, { kind: 'crash', enactor: 'b' }],
    bad: [[{ kind: 'zap' }, /\/kind must be one of "plan", "step", "collect", "crash", got "zap"/], [{ kind: 'step' }, /missing required property "enactor"/]],
  },
  HistoryHeader: {
    good: [header],
    bad: [[{ ...header, format: 'dnsplan-history/2' }, /\/format must be "dnsplan-history\/1"/], [{ ...header, started: 'yesterday' }, /\/started must match format "date-time"/]],
  },
  HistoryStep: {
    good: [step, { ...step, index: 2, command: { kind: 'collect' }, event: collect }],
    bad: [[{ ...step, index: 0 }, /\/index must be >= 1/], [{ ...step, event: { kind: 'nap', enactor: 'a' } }, /\/event\/kind must be one of "plan", "pick", "write", "clean", "collect", "crash", "idle", got "nap"/]],
  },
  HistoryError: {
    good: [{ type: 'error', index: 3, command: { kind: 'step', enactor: 'b' }, lifecycle: 'step(b)', message: 'connection refused', happened: 'no' }],
    bad: [[{ type: 'error', index: 3, lifecycle: 'step(b)', message: 'x' }, /missing required property "happened"/]],
  },
  HistoryFooter: {
    good: [
      { type: 'footer', steps: 40, outcome: 'completed', ended: '2026-11-23T05:00:01Z' },
      { type: 'footer', steps: 40, outcome: 'completed', ended: '2026-11-23T05:00:01Z', fairFrom: 31 },
    ],
    bad: [[{ type: 'footer', steps: 40, outcome: 'done', ended: '2026-11-23T05:00:01Z' }, /\/outcome must be one of "completed", "aborted", got "done"/]],
  },
  HistoryArchiveRun: {
    good: [{ type: 'run', run: 7, schedule: 'plan,step:a,plan,collect', firstGeneration: 99, constants, verdict: 'holds', level: 'live', steps: 12 }],
    bad: [[{ type: 'run', run: 7, schedule: 'plan', firstGeneration: 1, constants, verdict: 'passed', level: 'live', steps: 1 }, /\/verdict must be one of "holds", "violated", "broken", "incomplete", got "passed"/]],
  },
  ScheduleFile: {
    good: [
      {
        format: 'dnsplan-schedules/1',
        constants: { enactors: ['a', 'b', 'c'], endpoints: ['regional'], maxPlan: 4, keep: 2, collector: false, crashes: false },
        specVariant: 'aws-2025',
        schedules: [{ name: 'RecordNeverEmpty', commands: [{ kind: 'plan' }, { kind: 'step', enactor: 'a' }] }],
      },
    ],
    bad: [
      [
        { format: 'dnsplan-schedules/1', constants: { enactors: ['a'], endpoints: ['regional'], maxPlan: 4, keep: 2, collector: false, crashes: false }, schedules: [{ name: 'x', commands: [{ kind: 'jump' }] }] },
        /\/schedules\/0\/commands\/0\/kind must be one of "plan", "step", "collect", "crash", got "jump"/,
      ],
      [{ format: 'dnsplan-schedules/1', constants: { enactors: ['a'], endpoints: ['regional'], maxPlan: 4, keep: 2, collector: false, crashes: false }, schedules: [{ name: 'has space', commands: [] }] }, /\/schedules\/0\/name must match pattern/],
    ],
  },
};
