import { PC_NAMES, enactorNames, endpointNames, members, type Constants, type State } from '../../../spec/index.js';

/**
 * A spec state as data, in the model's names: numbers, lists for sets, objects keyed by
 * enactor or endpoint name for functions. `--json` prints this, never display strings.
 */
export interface StateData {
  readonly latest: number;
  readonly plans: number[];
  readonly applied: Record<string, number>;
  readonly pc: Record<string, string>;
  readonly held: Record<string, number>;
  readonly pending: Record<string, string[]>;
}

export function stateData(s: State, c: Pick<Constants, 'enactors' | 'endpoints'>): StateData {
  const enactors = enactorNames(c);
  const endpoints = endpointNames(c);
  const byEnactor = <T>(f: (e: number) => T): Record<string, T> => Object.fromEntries(enactors.map((name, e) => [name, f(e)]));
  return {
    latest: s.latest,
    plans: members(s.plans),
    applied: Object.fromEntries(endpoints.map((name, p) => [name, s.applied[p]!])),
    pc: byEnactor((e) => PC_NAMES[s.pc[e]!]),
    held: byEnactor((e) => s.held[e]!),
    pending: byEnactor((e) => members(s.pending[e]!).map((p) => endpoints[p]!)),
  };
}
