import { fc, it as prop } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { addressesOf } from '../../conformance/addresses.js';
import { StepScanner } from '../../conformance/history/scan.js';
import { isValid, type HistoryStep } from '../../conformance/protocol/index.js';
import { emptySeen, seeObservation } from '../../conformance/seen.js';

const ENACTORS = ['a', 'b', 'c'];
const ENDPOINTS = ['regional', 'fips'];

/** What the fast path reads from a line, or `undefined` when it declines it. */
function fast(line: string) {
  const seen = emptySeen(ENDPOINTS.length);
  const scanner = new StepScanner(ENACTORS, ENDPOINTS, seen);
  const b = Buffer.from(`${line}\n`);
  const event = scanner.step(b, 0, b.length - 1);
  return event === undefined ? undefined : { index: scanner.index, event, plans: seen.plans, records: [...seen.records] };
}

/** What JSON.parse and the schema make of it, in the same terms. */
function slow(line: string) {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isValid('HistoryStep', value)) return undefined;
  const s = value as HistoryStep;
  const seen = seeObservation(s.observation, ENDPOINTS, emptySeen(ENDPOINTS.length));
  return { index: s.index, event: s.event, plans: seen.plans, outside: seen.outside, records: [...seen.records] };
}

/** Mostly what a valid line holds, sometimes not. */
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) => fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: bad });
const name = mostly(fc.constantFrom('a', 'b', 'c', 'regional', 'fips'), fc.constantFrom('z', 'x-1', 'A', '', 'a"b', 'a\\b', 'é', 'a'.repeat(70)));
const generation = mostly(fc.integer({ min: 1, max: 20 }), fc.constantFrom(0, -1, 31, 999_999, 1_000_000, 2.5));
const generations = fc.array(generation, { maxLength: 3 });
const event = mostly(
  fc.oneof(
    fc.record({ kind: fc.constant('plan'), generation }),
    fc.record({ kind: fc.constant('pick'), enactor: name, generation }),
    fc.record({ kind: fc.constant('write'), enactor: name, endpoint: name, generation, outcome: mostly(fc.constantFrom('written', 'skipped'), fc.constant('done')) }),
    fc.record({ kind: fc.constant('clean'), enactor: name, deleted: generations }),
    fc.record({ kind: fc.constant('collect'), deleted: generations }),
    fc.record({ kind: fc.constant('crash'), enactor: name }),
    fc.record({ kind: fc.constant('idle'), enactor: name, reason: fc.string({ maxLength: 12 }) }, { requiredKeys: ['kind', 'enactor'] }),
  ),
  fc.oneof(
    fc.record({ kind: fc.constantFrom('nap', 'pickle', 'collectcrash'), enactor: name }),
    fc.record({ kind: fc.constantFrom('plan', 'pick', 'write', 'idle'), enactor: name, generation, deleted: generations }, { requiredKeys: ['kind'] }),
  ),
);
const answer = mostly(
  fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 1, max: 20 })).map(([i, g]) => addressesOf(i, g)),
    fc.constant([] as string[]),
  ),
  fc.array(fc.constantFrom('10.0.3.1', '10.0.3.2', '10.1.3.1', '10.1.3.2', '10.0.4.2', '10.0.03.1', '10.0.256.1', '192.0.2.1', 'x'), { maxLength: 3 }),
);
const observation = mostly(
  fc.record({ plans: generations, records: fc.dictionary(fc.constantFrom('regional', 'fips'), answer) }),
  fc.record(
    { plans: generations, records: fc.dictionary(fc.constantFrom('regional', 'fips', 'other'), answer), foreign: fc.array(fc.string(), { maxLength: 1 }) },
    { requiredKeys: ['plans'] },
  ),
);
const command = mostly(
  fc.oneof(fc.constant({ kind: 'plan' }), fc.constant({ kind: 'collect' }), fc.record({ kind: fc.constantFrom('step', 'crash'), enactor: name })),
  fc.record({ kind: fc.constantFrom('plan', 'step', 'jump'), enactor: name }, { requiredKeys: ['kind'] }),
);
const step = fc.record(
  {
    type: mostly(fc.constant('step'), fc.constant('stop')),
    index: mostly(fc.integer({ min: 1, max: 10 ** 6 }), fc.constantFrom(0, 1.5, 2 ** 60)),
    command,
    event,
    observation,
    ms: mostly(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.constantFrom(1e21, 1e-7, -1, -0)),
  },
  { requiredKeys: ['type', 'index', 'command', 'event', 'observation'] },
);
/** A line as JSON.stringify writes it, with its keys shuffled, or damaged. */
const line = fc.oneof(
  { weight: 3, arbitrary: step.map((s) => JSON.stringify(s)) },
  { weight: 1, arbitrary: fc.tuple(step, fc.boolean()).map(([s, flip]) => JSON.stringify(flip ? Object.fromEntries(Object.entries(s).reverse()) : s)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(step.map((s) => JSON.stringify(s)), fc.nat(), fc.constantFrom('', ' ', '"', ',', '}', '\\', '0', '1', ':', '.', 'e'))
      .map(([text, at, c]) => text.slice(0, at % (text.length + 1)) + c + text.slice((at % (text.length + 1)) + (at % 2))),
  },
);

describe('the verify fast path', () => {
  prop.prop([line], { numRuns: 10000 })('a line it reads is a valid step and reads as JSON.parse reads it', (text) => {
    const f = fast(text);
    if (f === undefined) return;
    const s = slow(text);
    expect(s, `the fast path read an invalid line: ${text}`).toBeDefined();
    expect(s!.outside).toBe(0);
    expect({ index: f.index, event: f.event, plans: f.plans, records: f.records }).toEqual({ index: s!.index, event: s!.event, plans: s!.plans, records: s!.records });
  });

  it('reads the lines conform writes', () => {
    const written = JSON.stringify({
      type: 'step',
      index: 7,
      command: { kind: 'step', enactor: 'b' },
      event: { kind: 'write', enactor: 'b', endpoint: 'fips', generation: 3, outcome: 'written' },
      observation: { plans: [2, 3], records: { regional: addressesOf(0, 2), fips: addressesOf(1, 3) } },
      ms: 0.0123,
    });
    expect(fast(written)).toEqual(slow(written) && { index: 7, event: slow(written)!.event, plans: slow(written)!.plans, records: slow(written)!.records });
    const idle = JSON.stringify({ type: 'step', index: 1, command: { kind: 'step', enactor: 'a' }, event: { kind: 'idle', enactor: 'a', reason: 'nothing newer' }, observation: { plans: [1], records: { regional: addressesOf(0, 1), fips: [] } }, ms: 0 });
    expect(fast(idle)?.event).toEqual({ kind: 'idle', enactor: 'a', reason: 'nothing newer' });
  });

  it('declines what it does not read plainly: torn records, a missing endpoint, escapes, spaces, foreign, a line cut short', () => {
    const base = { type: 'step', index: 1, command: { kind: 'plan' }, event: { kind: 'plan', generation: 2 }, observation: { plans: [1, 2], records: { regional: addressesOf(0, 1), fips: [] } }, ms: 1 };
    expect(fast(JSON.stringify(base))).toBeDefined();
    // an endpoint left out: for the full reader to reject, never read as an empty record
    expect(fast(JSON.stringify({ ...base, observation: { ...base.observation, records: { regional: addressesOf(0, 1) } } }))).toBeUndefined();
    expect(fast(JSON.stringify({ ...base, observation: { ...base.observation, records: { regional: ['10.0.1.1', '10.0.2.2'] } } }))).toBeUndefined();
    expect(fast(JSON.stringify({ ...base, event: { kind: 'idle', enactor: 'a', reason: 'a "quoted" reason' } }))).toBeUndefined();
    expect(fast(JSON.stringify(base, null, 1).replace(/\n/g, ''))).toBeUndefined();
    expect(fast(JSON.stringify({ ...base, observation: { ...base.observation, foreign: ['x'] } }))).toBeUndefined();
    expect(fast(JSON.stringify(base).slice(0, -1))).toBeUndefined();
    // JSON.parse reads 1e400 as Infinity, which is not a number the schema accepts
    expect(fast(JSON.stringify(base).replace('"ms":1', '"ms":1e400'))).toBeUndefined();
    expect(fast(JSON.stringify(base).replace('"ms":1', '"ms":1.5e-7'))).toBeDefined();
  });
});
