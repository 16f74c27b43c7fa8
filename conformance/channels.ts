/**
 * When the harness observes served answers itself, each observation has two channels: what the
 * implementation says each record resolves to (`claimed`) and what was served (`records`). A
 * record the two classify differently (another plan, nothing, torn) is a disagreement, a
 * finding of its own at level `refines`: the implementation's word cannot be trusted.
 */
import { classify, type Classified } from './addresses.js';
import type { Observation } from './protocol/types.js';

/** The first endpoint whose claimed and served records disagree, described for people. */
export interface Disagreement {
  readonly endpoint: string;
  readonly message: string;
  readonly claimed: string;
  readonly served: string;
}

function says(c: Classified): string {
  return c.kind === 'plan' ? `is at plan ${c.generation}` : c.kind === 'empty' ? 'resolves to nothing' : `is torn (${c.detail})`;
}

function serves(c: Classified): string {
  return c.kind === 'plan' ? `plan ${c.generation}'s addresses` : c.kind === 'empty' ? 'nothing' : `a torn answer (${c.detail})`;
}

/** Compares the channels of `o`; `undefined` when it has only one or they agree. `by` names the served channel, e.g. `DNS`. */
export function disagreement(o: Observation, endpoints: readonly string[], by: string): Disagreement | undefined {
  if (o.claimed === undefined) return undefined;
  for (let i = 0; i < endpoints.length; i++) {
    const endpoint = endpoints[i]!;
    const claimed = classify(i, o.claimed[endpoint]);
    const served = classify(i, o.records[endpoint]);
    const same = claimed.kind === served.kind && (claimed.kind !== 'plan' || (served.kind === 'plan' && claimed.generation === served.generation));
    if (same) continue;
    return {
      endpoint,
      message: `the implementation says ${endpoint} ${says(claimed)}; ${by} serves ${serves(served)}`,
      claimed: `${endpoint}: ${says(claimed)} (the implementation's word)`,
      served: `${endpoint}: ${serves(served)} (served)`,
    };
  }
  return undefined;
}

/** The word for the served channel in a sentence, from an adapter's observer name. */
export function servedBy(observer: string): string {
  return observer.startsWith('etcd') ? 'etcd (as CoreDNS would answer)' : 'DNS';
}
