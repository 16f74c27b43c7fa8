/**
 * The Adapter: how the harness drives one implementation under test. The harness plays the
 * Planner and the scheduler; the implementation owns its plan store, its DNS records and its
 * enactors, and breaks each enactor's loop into atomic steps the harness triggers one by one.
 *
 * Every method resolves with what the implementation says happened (an event) or rejects
 * with an `AdapterError`. `observe` reads the plan store and the DNS records, from the
 * backend itself where one exists, not from the implementation's word.
 */
import type {
  CleanEvent,
  CollectEvent,
  CrashEvent,
  IdleEvent,
  Observation,
  PickEvent,
  Plan,
  PlanEvent,
  ResetReply,
  ResetRequest,
  WriteEvent,
} from './protocol/types.js';

export type StepEvent = PickEvent | WriteEvent | CleanEvent | IdleEvent;
export type Event = PlanEvent | StepEvent | CollectEvent | CrashEvent;

export interface Adapter {
  /** Names the implementation in reports, e.g. `reference:fixed` or `http://127.0.0.1:8080`. */
  readonly target: string;
  /** Which observer produced the observations, e.g. `implementation`, `etcd`, `dns`. */
  readonly observer: string;
  /**
   * Forget everything; start from the constants and plan 1 applied to every endpoint. May
   * say who answered and which features it does not support (the reset reply's result).
   */
  reset(request: ResetRequest): Promise<ResetReply['result'] | void>;
  /** Publish the next plan to the plan store (the harness is the Planner). */
  plan(plan: Plan): Promise<PlanEvent>;
  /** Let one enactor take its next atomic step: pick, write one endpoint, clean, or nothing. */
  step(enactor: string): Promise<StepEvent>;
  /** Run the garbage collector once. */
  collect(): Promise<CollectEvent>;
  /** Crash an enactor and restart it idle. */
  crash(enactor: string): Promise<CrashEvent>;
  /** What the plan store holds and what every endpoint's record resolves to. */
  observe(): Promise<Observation>;
  /** Release connections and processes. */
  close(): Promise<void>;
}

/**
 * A step that failed. `happened` says whether the step certainly did not take effect
 * (`no`) or might have (`unknown`, e.g. a timeout after the request was sent); `lifecycle`
 * names the step (`reset`, `plan`, `step(b)`, ...) and `sent`/`received` carry the raw
 * exchange for the report.
 */
export class AdapterError extends Error {
  constructor(
    message: string,
    readonly details: {
      readonly lifecycle: string;
      readonly happened: 'no' | 'unknown';
      readonly sent?: unknown;
      readonly expected?: string;
      readonly received?: unknown;
      readonly hint?: string;
      /**
       * `environment` when the failure is not the implementation's: the harness's own observer
       * or backend could not be used (a DNS server that refuses, records the run did not write).
       */
      readonly blame?: 'environment';
    },
  ) {
    super(message);
    this.name = 'AdapterError';
  }
}

/**
 * The whole-run deadline came before a request could be sent and finished in time, so it was
 * not sent (`happened: 'no'`). Not the implementation's fault: the run is incomplete, never
 * broken or failed.
 */
export class DeadlineReached extends AdapterError {
  constructor(lifecycle: string) {
    super(`${lifecycle}: the whole-run deadline comes before this request could finish; it was not sent`, { lifecycle, happened: 'no' });
    this.name = 'DeadlineReached';
  }
}
