/**
 * The reference implementation as an Adapter: enactors of one variant (or mutant) over a
 * backend, in process. The harness plays the Planner and the scheduler; this object owns the
 * backend and the enactors and turns each call into one atomic step of one of them.
 */
import { AdapterError } from '../../conformance/adapter.js';
import type { Adapter, StepEvent } from '../../conformance/adapter.js';
import type {
  CollectEvent,
  CrashEvent,
  Observation,
  Plan,
  PlanEvent,
  ProtocolConstants,
  ResetRequest,
} from '../../conformance/protocol/types.js';
import { collect } from './collector.js';
import { Enactor } from './enactor.js';
import { openMemoryBackend } from './memory-backend.js';
import { lying } from './lying-store.js';
import { behaviourOf } from './modes.js';
import type { Behaviour } from './modes.js';
import type { Backend } from './stores.js';

/**
 * Opens the backend of one run; called at every reset, with the DNS names the harness gave the
 * endpoints when it observes served answers itself (the reset's `names`).
 */
export type MakeBackend = (constants: ProtocolConstants, names?: Readonly<Record<string, string>>) => Promise<Backend>;

/** Which reference implementation to run, and on what. */
export interface ReferenceAdapterOptions {
  /** A variant (`fixed`, `aws-2025`, `cas-only`, `ownership-only`) or a mutant name (see MUTANTS). */
  readonly variant: string;
  /** Opens a fresh in-memory backend when not given. */
  readonly backend?: MakeBackend;
  /**
   * When given, every enactor gets a backend of its own from this factory (its own client of
   * the same store, as in production), while the Planner and the collector use `backend`.
   */
  readonly enactorBackend?: MakeBackend;
  /** Observes the records from outside the implementation (e.g. DNS queries); by default the backend is read. */
  readonly observer?: { readonly name: string; observe(): Promise<Observation> };
}

/** One run between two resets: its constants, its backend and its enactors. */
interface Run {
  readonly constants: ProtocolConstants;
  readonly backend: Backend;
  /** The enactors' own backends, when they have their own clients. */
  readonly clients: readonly Backend[];
  readonly enactors: ReadonlyMap<string, Enactor>;
}

/** The reference enactor driven through the Adapter interface; `target` is `reference:<variant>`. */
export class ReferenceAdapter implements Adapter {
  readonly target: string;
  readonly observer: string;
  readonly behaviour: Behaviour;
  private readonly makeBackend: MakeBackend;
  private readonly options: ReferenceAdapterOptions;
  private run: Run | undefined;

  /** Throws a RangeError listing the known names when `variant` is none of them. */
  constructor(options: ReferenceAdapterOptions) {
    this.behaviour = behaviourOf(options.variant);
    this.target = `reference:${this.behaviour.name}`;
    this.makeBackend = options.backend ?? openMemoryBackend;
    this.observer = options.observer?.name ?? 'implementation';
    this.options = options;
  }

  /** The enactor of the current run by name, for inspection. */
  enactor(name: string): Enactor | undefined {
    return this.run?.enactors.get(name);
  }

  async reset(request: ResetRequest): Promise<void> {
    const problem = resetProblem(request);
    if (problem !== undefined) throw refused('reset', problem, request);
    const previous = this.run;
    this.run = undefined;
    this.run = await attempt('reset', request, async () => {
      await closeRun(previous);
      const { constants, plan, names } = request;
      const backend = lying(this.behaviour, await this.makeBackend(constants, names));
      try {
        await emptyBackend(backend);
        await backend.plans.put(plan);
        for (const endpoint of constants.endpoints) await backend.dns.writeBlind(endpoint, plan);
      } catch (error) {
        await backend.close();
        throw error;
      }
      const own = this.options.enactorBackend;
      const clients = own === undefined ? [] : await Promise.all(constants.enactors.map(async () => lying(this.behaviour, await own(constants, names), backend)));
      const enactors = new Map(
        constants.enactors.map((name, i) => [name, new Enactor(name, this.behaviour, clients[i] ?? backend, constants.endpoints, constants.keep)]),
      );
      return { constants, backend, clients, enactors };
    });
  }

  async plan(plan: Plan): Promise<PlanEvent> {
    const run = this.current('plan', { plan });
    const problem = planProblem(plan, run.constants.endpoints);
    if (problem !== undefined) throw refused('plan', problem, { plan });
    return attempt('plan', { plan }, async () => {
      await run.backend.plans.put(plan);
      return { kind: 'plan', generation: plan.generation };
    });
  }

  step(enactor: string): Promise<StepEvent> {
    const lifecycle = `step(${enactor})`;
    return attempt(lifecycle, { enactor }, () => this.enactorOf(lifecycle, enactor).step());
  }

  async collect(): Promise<CollectEvent> {
    const run = this.current('collect', {});
    if (!run.constants.collector) return { kind: 'collect', deleted: [] };
    const { backend, constants } = run;
    return attempt('collect', {}, () => collect(backend, this.behaviour.gc, constants.keep, constants.endpoints));
  }

  crash(enactor: string): Promise<CrashEvent> {
    const lifecycle = `crash(${enactor})`;
    return attempt(lifecycle, { enactor }, () => this.enactorOf(lifecycle, enactor).crash());
  }

  async observe(): Promise<Observation> {
    const { backend, constants } = this.current('observe', {});
    const outside = this.options.observer;
    if (outside !== undefined) return attempt('observe', {}, () => outside.observe());
    return attempt('observe', {}, async () => {
      const plans = await backend.plans.generations();
      const records: Record<string, string[]> = {};
      for (const endpoint of constants.endpoints) records[endpoint] = await backend.dns.resolve(endpoint);
      return { plans, records };
    });
  }

  async close(): Promise<void> {
    const run = this.run;
    this.run = undefined;
    await closeRun(run);
  }

  private current(lifecycle: string, sent: unknown): Run {
    if (this.run === undefined) throw refused(lifecycle, 'there is no run: reset first', sent);
    return this.run;
  }

  private enactorOf(lifecycle: string, name: string): Enactor {
    const run = this.current(lifecycle, { enactor: name });
    const enactor = run.enactors.get(name);
    if (enactor === undefined) {
      throw refused(lifecycle, `unknown enactor ${JSON.stringify(name)}; the enactors are ${run.constants.enactors.join(', ')}`, { enactor: name });
    }
    return enactor;
  }
}

async function closeRun(run: Run | undefined): Promise<void> {
  if (run === undefined) return;
  await Promise.all([run.backend, ...run.clients].map((b) => b.close()));
}

/** Deletes whatever a reused backend still holds from an earlier run: its plans (and so their records) and claims. */
async function emptyBackend(backend: Backend): Promise<void> {
  await backend.plans.delete(await backend.plans.generations());
  for (const enactor of (await backend.plans.claims()).keys()) await backend.plans.release(enactor);
}

function resetProblem(request: ResetRequest): string | undefined {
  if (request.protocol !== 'dnsplan/1') return `unknown protocol ${JSON.stringify(request.protocol)}, expected "dnsplan/1"`;
  const { enactors, endpoints, keep } = request.constants;
  if (enactors.length === 0 || new Set(enactors).size !== enactors.length) return 'the enactors must be distinct and at least one';
  if (endpoints.length === 0 || new Set(endpoints).size !== endpoints.length) return 'the endpoints must be distinct and at least one';
  if (!Number.isInteger(keep) || keep < 1) return `keep must be an integer >= 1, got ${keep}`;
  const first = request.firstGeneration ?? 1;
  if (!Number.isSafeInteger(first) || first < 1) return `firstGeneration must be an integer from 1 to 2^53 - 1, got ${first}`;
  if (request.plan.generation !== first) return `the reset plan must be plan ${first} (the first generation), got ${request.plan.generation}`;
  return planProblem(request.plan, endpoints);
}

function planProblem(plan: Plan, endpoints: readonly string[]): string | undefined {
  if (!Number.isInteger(plan.generation) || plan.generation < 1) return `a plan generation is an integer >= 1, got ${plan.generation}`;
  const missing = endpoints.filter((endpoint) => (plan.records[endpoint]?.length ?? 0) === 0);
  return missing.length === 0 ? undefined : `plan ${plan.generation} has no addresses for ${missing.join(', ')}`;
}

function refused(lifecycle: string, message: string, sent: unknown): AdapterError {
  return new AdapterError(`reference: ${lifecycle}: ${message}`, { lifecycle, happened: 'no', sent });
}

/** Runs one step of the backend; a failure becomes an AdapterError that says whether it may have taken effect. */
async function attempt<T>(lifecycle: string, sent: unknown, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AdapterError) throw error;
    const happened = errorHappened(error);
    const message = error instanceof Error ? error.message : String(error);
    const environment = (error as { details?: { environment?: unknown } } | null)?.details?.environment === true;
    throw new AdapterError(`reference: ${lifecycle} failed: ${message}`, { lifecycle, happened, sent, ...(environment ? { blame: 'environment' as const } : {}) });
  }
}

/** `no` only when the backend's error says the operation certainly did not take effect. */
function errorHappened(error: unknown): 'no' | 'unknown' {
  const details = (error as { details?: { happened?: unknown } } | null)?.details;
  return details?.happened === 'no' ? 'no' : 'unknown';
}
