/**
 * Traces in the Informal Trace Format (ITF) that Apalache and Quint read and write: a JSON
 * object with `#meta`, the variable names in `vars`, and one object per state in `states`;
 * sets as `{"#set": [...]}`, functions as `{"#map": [[key, value], ...]}`, integers as JSON
 * numbers or `{"#bigint": "..."}` beyond 2^53. The action that led to each state is the
 * variable `mbt::actionTaken`, as Quint's model-based testing writes it (`init` for the
 * first state); a lasso's cycle is `loop`, the index of the state the last one returns to.
 * The constants and the variant ride in `#meta.dnsplan`, so that `fromItf` gives back the
 * exact trace.
 */
import {
  PC_NAMES,
  bit,
  enactorNames,
  endpointNames,
  state,
  type Constants,
  type Pc,
  type State,
} from '../../../spec/index.js';
import type { Trace } from '../../engine/index.js';
import { stateData } from './state-data.js';

export const ITF_VARS = ['latest', 'plans', 'applied', 'pc', 'held', 'pending'] as const;
export const ACTION_TAKEN = 'mbt::actionTaken';

export type ItfValue = boolean | string | number | ItfValue[] | { readonly [key: string]: ItfValue };

export interface ItfTrace {
  readonly '#meta': Record<string, unknown>;
  readonly vars: readonly string[];
  readonly states: readonly Record<string, ItfValue>[];
  readonly loop?: number;
}

/** What the trace is about, for `#meta`. */
export interface ItfAbout {
  /** What produced it, e.g. `dnsplan check`. */
  readonly source: string;
  readonly description: string;
  /** The property the trace violates, if any, and what is wrong at its end. */
  readonly property?: string;
  readonly because?: string;
}

function int(n: number): ItfValue {
  return Number.isSafeInteger(n) ? n : { '#bigint': BigInt(Math.trunc(n)).toString() };
}

const set = (xs: readonly ItfValue[]): ItfValue => ({ '#set': [...xs] });
const map = (entries: readonly (readonly [ItfValue, ItfValue])[]): ItfValue => ({ '#map': entries.map(([k, v]) => [k, v]) });

/** A spec trace as an ITF trace. */
export function toItf(trace: Trace<State>, c: Constants, about: ItfAbout): ItfTrace {
  const states = trace.steps.map((step, index) => {
    const d = stateData(step.state, c);
    return {
      '#meta': { index },
      latest: int(d.latest),
      plans: set(d.plans.map(int)),
      applied: map(Object.entries(d.applied).map(([p, g]) => [p, int(g)] as const)),
      pc: map(Object.entries(d.pc).map(([e, pc]) => [e, pc] as const)),
      held: map(Object.entries(d.held).map(([e, g]) => [e, int(g)] as const)),
      pending: map(Object.entries(d.pending).map(([e, ps]) => [e, set(ps)] as const)),
      [ACTION_TAKEN]: step.action ?? 'init',
    };
  });
  const forever = trace.forever;
  return {
    '#meta': {
      format: 'ITF',
      source: about.source,
      description: about.description,
      dnsplan: {
        constants: { enactors: enactorNames(c), endpoints: endpointNames(c), maxPlan: c.maxPlan, keep: c.keep, collector: c.collector, crashes: c.crashes, write: c.write, gc: c.gc },
        ...(about.property === undefined ? {} : { property: about.property }),
        ...(about.because === undefined ? {} : { because: about.because }),
        ...(forever?.kind === 'stutter' ? { forever: 'stutter' } : {}),
      },
    },
    vars: [...ITF_VARS, ACTION_TAKEN],
    states,
    ...(forever?.kind === 'cycle' ? { loop: forever.loopsTo } : {}),
  };
}

/** An ITF trace as JSON text: the header fields on their own lines, one line per state. */
export function itfText(t: ItfTrace): string {
  const { states, ...rest } = t;
  const head = Object.entries(rest).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{\n${[...head, `  "states": [\n${states.map((s) => `    ${JSON.stringify(s)}`).join(',\n')}\n  ]`].join(',\n')}\n}\n`;
}

/** Why an ITF file cannot be read back as a dnsplan trace. */
export class ItfError extends Error {}

type Json = unknown;

function fail(where: string, what: string): never {
  throw new ItfError(`${where}: ${what}`);
}

function asInt(v: Json, where: string): number {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'object' && v !== null && '#bigint' in v) {
    const n = Number((v as { '#bigint': unknown })['#bigint']);
    if (Number.isSafeInteger(n)) return n;
  }
  return fail(where, 'not an integer');
}

function asSet(v: Json, where: string): Json[] {
  if (typeof v === 'object' && v !== null && Array.isArray((v as { '#set'?: unknown })['#set'])) return (v as { '#set': Json[] })['#set'];
  return fail(where, 'not a set ({"#set": [...]})');
}

function asMap(v: Json, where: string, keys: readonly string[]): Json[] {
  const entries = typeof v === 'object' && v !== null ? (v as { '#map'?: unknown })['#map'] : undefined;
  if (!Array.isArray(entries)) return fail(where, 'not a map ({"#map": [[key, value], ...]})');
  const out: Json[] = Array(keys.length);
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) fail(where, 'a map entry is not a [key, value] pair');
    const i = keys.indexOf(entry[0] as string);
    if (i < 0) fail(where, `unknown key ${JSON.stringify(entry[0])}`);
    out[i] = entry[1];
  }
  if (entries.length !== keys.length || out.some((x) => x === undefined)) fail(where, `must map exactly ${keys.join(', ')}`);
  return out;
}

/** Reads an ITF trace that `toItf` wrote back into the constants and the exact trace. */
export function fromItf(json: Json): { constants: Constants; trace: Trace<State>; property?: string } {
  if (typeof json !== 'object' || json === null) fail('ITF', 'not a JSON object');
  const t = json as { '#meta'?: { dnsplan?: Record<string, unknown> }; states?: unknown; loop?: unknown };
  const meta = t['#meta']?.dnsplan;
  const k = meta?.['constants'] as Record<string, unknown> | undefined;
  if (k === undefined) fail('#meta.dnsplan.constants', 'missing: this is not a dnsplan trace');
  const enactors = k['enactors'] as string[];
  const endpoints = k['endpoints'] as string[];
  const write = k['write'];
  const gc = k['gc'];
  if (!Array.isArray(enactors) || !Array.isArray(endpoints) || (write !== 'blind' && write !== 'cas') || (gc !== 'age' && gc !== 'owned')) fail('#meta.dnsplan.constants', 'malformed');
  const constants: Constants = {
    enactors: enactors.length,
    endpoints: endpoints.length,
    maxPlan: asInt(k['maxPlan'], 'maxPlan'),
    keep: asInt(k['keep'], 'keep'),
    collector: k['collector'] === true,
    crashes: k['crashes'] === true,
    write,
    gc,
  };
  if (!Array.isArray(t.states) || t.states.length === 0) fail('states', 'missing or empty');
  const steps = (t.states as Record<string, Json>[]).map((s, i) => {
    const at = `states[${i}]`;
    const plans = asSet(s['plans'], `${at}.plans`).reduce<number>((acc, g) => acc | bit(asInt(g, `${at}.plans`)), 0);
    const pc = asMap(s['pc'], `${at}.pc`, enactors).map((v) => {
      const p = PC_NAMES.indexOf(v as (typeof PC_NAMES)[number]);
      if (p < 0) fail(`${at}.pc`, `unknown value ${JSON.stringify(v)}`);
      return p as Pc;
    });
    const pending = asMap(s['pending'], `${at}.pending`, enactors).map((v) =>
      asSet(v, `${at}.pending`).reduce<number>((acc, p) => {
        const i = endpoints.indexOf(p as string);
        if (i < 0) fail(`${at}.pending`, `unknown endpoint ${JSON.stringify(p)}`);
        return acc | (1 << i);
      }, 0),
    );
    const action = s[ACTION_TAKEN];
    if (typeof action !== 'string') fail(`${at}.${ACTION_TAKEN}`, 'missing');
    return {
      action: i === 0 ? undefined : action,
      state: state(
        asInt(s['latest'], `${at}.latest`),
        plans,
        asMap(s['applied'], `${at}.applied`, endpoints).map((g) => asInt(g, `${at}.applied`)),
        pc,
        asMap(s['held'], `${at}.held`, enactors).map((g) => asInt(g, `${at}.held`)),
        pending,
      ),
    };
  });
  const forever = typeof t.loop === 'number' ? { kind: 'cycle' as const, loopsTo: t.loop } : meta?.['forever'] === 'stutter' ? { kind: 'stutter' as const } : undefined;
  const property = typeof meta?.['property'] === 'string' ? meta['property'] : undefined;
  return { constants, trace: { steps, ...(forever ? { forever } : {}) }, ...(property === undefined ? {} : { property }) };
}

/** The ITF file of the k-th counterexample: the path itself for the first, else the property's name before the extension. */
export function itfPath(path: string, k: number, property: string): string {
  if (k === 0) return path;
  const m = /^(.*?)((?:\.itf)?\.json)$/.exec(path);
  return m ? `${m[1]}.${property}${m[2]}` : `${path}.${property}`;
}

