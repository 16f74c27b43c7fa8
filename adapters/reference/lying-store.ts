/**
 * The `lying-observe` mutant's DNS store: it skips every write of an even plan, yet remembers
 * it as done and answers from that memory, so the enactors, the collector and its own
 * `/v1/observe` all agree with each other, and only what DNS really serves differs. All the
 * backends of one run share one memory, as they share one store.
 */
import type { Behaviour } from './modes.js';
import type { Backend, DnsStore, StoredPlan } from './stores.js';

/** What the liar believes each endpoint's record is. */
type Belief = Map<string, StoredPlan>;

const beliefs = new WeakMap<Backend, Belief>();

/** `backend` as the behaviour sees it: unchanged, or lying for `lying-observe` (sharing `shared`'s memory when given). */
export function lying(behaviour: Behaviour, backend: Backend, shared?: Backend): Backend {
  if (behaviour.quirk !== 'lying-observe') return backend;
  const belief = (shared === undefined ? undefined : beliefs.get(shared)) ?? new Map<string, StoredPlan>();
  const wrapped: Backend = { plans: backend.plans, dns: new LyingDnsStore(backend, belief), close: () => backend.close() };
  beliefs.set(wrapped, belief);
  return wrapped;
}

class LyingDnsStore implements DnsStore {
  constructor(
    private readonly backend: Backend,
    private readonly belief: Belief,
  ) {}

  async recordPlan(endpoint: string): Promise<number | undefined> {
    return this.belief.get(endpoint)?.generation ?? this.backend.dns.recordPlan(endpoint);
  }

  async writeBlind(endpoint: string, plan: StoredPlan): Promise<void> {
    if (this.skips(endpoint, plan)) return;
    this.belief.delete(endpoint);
    await this.backend.dns.writeBlind(endpoint, plan);
  }

  async writeCas(endpoint: string, plan: StoredPlan): Promise<'written' | 'skipped'> {
    const current = await this.recordPlan(endpoint);
    if (current !== undefined && current >= plan.generation) return 'skipped';
    if (this.skips(endpoint, plan)) return 'written';
    this.belief.delete(endpoint);
    return this.backend.dns.writeCas(endpoint, plan);
  }

  async resolve(endpoint: string): Promise<string[]> {
    const believed = this.belief.get(endpoint);
    if (believed === undefined) return this.backend.dns.resolve(endpoint);
    const stored = await this.backend.plans.get(believed.generation);
    return stored === undefined ? [] : [...(believed.records[endpoint] ?? [])];
  }

  /** Whether this write is one it skips (an even plan), remembering it as done. */
  private skips(endpoint: string, plan: StoredPlan): boolean {
    if (plan.generation % 2 !== 0) return false;
    this.belief.set(endpoint, plan);
    return true;
  }
}
