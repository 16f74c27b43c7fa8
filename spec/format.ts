import { enactorName, endpointName } from './constants.js';
import { PC_NAMES, members, type State } from './state.js';

/**
 * The state's variables as readable text, in the model's names, one entry per variable or
 * per element of a function-valued variable (`applied[regional]`, `pc[a]`), so a trace can
 * show just the entries a step changed.
 */
export function formatState(s: State): Record<string, string> {
  const out: Record<string, string> = {
    latest: String(s.latest),
    plans: `{${members(s.plans).join(', ')}}`,
  };
  s.applied.forEach((g, p) => (out[`applied[${endpointName(p)}]`] = String(g)));
  s.pc.forEach((pc, e) => (out[`pc[${enactorName(e)}]`] = PC_NAMES[pc]));
  s.held.forEach((g, e) => (out[`held[${enactorName(e)}]`] = String(g)));
  s.pending.forEach(
    (set, e) => (out[`pending[${enactorName(e)}]`] = `{${members(set).map(endpointName).join(', ')}}`),
  );
  return out;
}

export const VARIABLE_NAMES = ['latest', 'plans', 'applied', 'pc', 'held', 'pending'] as const;
