/**
 * One enactor of the reference implementation: a loop that picks the newest plan, writes it to
 * every endpoint's record, then cleans up old plans, broken into atomic steps the harness
 * triggers one at a time. It works on a backend's plan store and DNS records only; what it
 * holds between steps lives in this object, and a crash loses it.
 */
import type { StepEvent } from '../../conformance/adapter.js';
import type { CrashEvent, IdleEvent } from '../../conformance/protocol/types.js';
import { doomedPlans } from './doomed.js';
import type { Behaviour } from './modes.js';
import type { Backend, StoredPlan } from './stores.js';

/** What an enactor is doing: waiting for a newer plan, writing one, or cleaning up after it. */
export type EnactorPc = 'idle' | 'apply' | 'clean';

/** A step that failed after changing the backend, so it may not be called one that did not happen. */
export class PartialStepError extends Error {
  readonly details = { happened: 'unknown' as const };

  constructor(message: string, cause: unknown) {
    super(`${message}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PartialStepError';
  }
}

/** One enactor over one backend, with the run's endpoints and retention. */
export class Enactor {
  /** What it is doing. */
  pc: EnactorPc = 'idle';
  /** The plan it is enacting (read at its pick), undefined when idle. */
  held: StoredPlan | undefined = undefined;
  /** How many endpoints, in endpoint order, it has written since its pick. */
  private written = 0;
  /** torn-write: the next endpoint's record holds only the first address of the held plan. */
  private halfWritten = false;
  /** Whether it has crashed since the reset (first-endpoint-only). */
  private crashed = false;
  /** resume-after-crash: the plan it held when it crashed, and how far it had written it. */
  private resume: { readonly plan: StoredPlan; readonly written: number } | undefined;
  private readonly claims: boolean;

  constructor(
    readonly name: string,
    readonly behaviour: Behaviour,
    private readonly backend: Backend,
    private readonly endpoints: readonly string[],
    private readonly keep: number,
  ) {
    this.claims = behaviour.gc === 'owned' && behaviour.quirk !== 'forgetful-claim';
  }

  /** The endpoints it has still to write, in endpoint order. */
  get pending(): readonly string[] {
    return this.pc === 'apply' ? this.endpoints.slice(this.written) : [];
  }

  /** Takes the next atomic step: pick when idle, write one endpoint when applying, clean up when done. */
  step(): Promise<StepEvent> {
    switch (this.pc) {
      case 'idle':
        return this.pick();
      case 'apply':
        return this.write();
      case 'clean':
        return this.clean();
    }
  }

  /** Crashes and restarts idle, forgetting the plan it held and releasing its claim. */
  async crash(): Promise<CrashEvent> {
    this.crashed = true;
    // resume-after-crash: what it held survives the crash, to be written again without a claim.
    if (this.behaviour.quirk === 'resume-after-crash' && this.pc === 'apply') this.resume = { plan: this.held as StoredPlan, written: this.written };
    if (this.behaviour.quirk !== 'ignores-crash') {
      if (this.claims && this.pc !== 'idle') await this.backend.plans.release(this.name);
      this.pc = 'idle';
      this.held = undefined;
      this.written = 0;
      this.halfWritten = false;
    }
    return { kind: 'crash', enactor: this.name };
  }

  /**
   * Pick: takes the newest plan if it is newer than some record, having read every record's
   * plan to compare generations (it cannot when one is missing). Postmortem: this one-time
   * "newer than the applied plan" check is the only one; the delayed enactor passed it long
   * before it wrote, and never checked again.
   */
  private async pick(): Promise<StepEvent> {
    if (this.behaviour.quirk === 'lazy') return this.idle('lazy: never picks');
    if (this.resume !== undefined) {
      this.pc = 'apply';
      this.held = this.resume.plan;
      this.written = this.resume.written;
      this.resume = undefined;
      return this.write();
    }
    const { plans, dns } = this.backend;
    const generations = await plans.generations();
    const textual = this.behaviour.quirk === 'text-generations';
    const latest = textual ? [...generations].sort(byText)[generations.length - 1] : generations[generations.length - 1];
    if (latest === undefined) return this.idle('the plan store is empty');
    let oldest = latest;
    for (const endpoint of this.endpoints) {
      // A record never written (outside the model, where reset writes every one) counts as behind.
      const g = (await dns.recordPlan(endpoint)) ?? 0;
      if (g !== 0 && !generations.includes(g)) return this.idle(`plan ${g} of the record of ${endpoint} is missing`);
      if (textual ? byText(g, oldest) < 0 : g < oldest) oldest = g;
    }
    if (oldest === latest) return this.idle(`every record is at plan ${latest}`);
    const generation = this.behaviour.quirk === 'stale-pick' && oldest < latest - 1 && generations.includes(latest - 1) ? latest - 1 : latest;
    const plan = await plans.get(generation);
    if (plan === undefined) return this.idle(`plan ${generation} is gone`);
    if (this.claims) await plans.claim(this.name, generation);
    this.pc = 'apply';
    this.held = plan;
    this.written = 0;
    return { kind: 'pick', enactor: this.name, generation };
  }

  /**
   * Write: writes the held plan into the next pending endpoint's record. Postmortem: with blind
   * writes this is where the slow enactor put its stale plan back over the newer one; with cas
   * the record only moves forward.
   */
  private async write(): Promise<StepEvent> {
    const plan = this.held as StoredPlan;
    const endpoint = this.endpoints[this.behaviour.quirk === 'first-endpoint-only' && this.crashed ? 0 : this.written] as string;
    const outcome = await this.writeRecord(endpoint, plan);
    if (outcome === 'half') return this.idle(`wrote 1 address of plan ${plan.generation} into ${endpoint}`);
    this.written++;
    if (this.written === this.endpoints.length) this.pc = 'clean';
    return { kind: 'write', enactor: this.name, endpoint, generation: plan.generation, outcome };
  }

  /** Writes one record as this enactor's write mode (and quirk) says; `half` is a torn write's first step. */
  private async writeRecord(endpoint: string, plan: StoredPlan): Promise<'written' | 'skipped' | 'half'> {
    const { dns } = this.backend;
    switch (this.behaviour.quirk) {
      case 'lying-event':
        return 'written';
      case 'torn-write':
        return this.halfWritten ? this.completeWrite(endpoint, plan) : this.halfWrite(endpoint, plan);
    }
    if (this.behaviour.quirk === 'text-generations') {
      const before = await dns.recordPlan(endpoint);
      if (before !== undefined && byText(before, plan.generation) >= 0) return 'skipped';
      await dns.writeBlind(endpoint, plan);
      return 'written';
    }
    if (this.behaviour.write === 'cas') {
      const outcome = await dns.writeCas(endpoint, plan);
      return this.behaviour.quirk === 'same-plan-written' ? 'written' : outcome;
    }
    // A blind write of the plan the record already holds changes nothing: it is reported skipped.
    const before = await dns.recordPlan(endpoint);
    await dns.writeBlind(endpoint, plan);
    return before === plan.generation ? 'skipped' : 'written';
  }

  /** torn-write, first step: the record's current addresses plus the plan's first one, under the plan's generation. */
  private async halfWrite(endpoint: string, plan: StoredPlan): Promise<'skipped' | 'half'> {
    const { dns } = this.backend;
    const first = plan.records[endpoint]?.[0];
    if (first === undefined) throw new RangeError(`plan ${plan.generation} has no record for ${endpoint}`);
    const torn: StoredPlan = { generation: plan.generation, records: { [endpoint]: [...(await dns.resolve(endpoint)), first] } };
    if (this.behaviour.write === 'cas' && (await dns.writeCas(endpoint, torn)) === 'skipped') return 'skipped';
    if (this.behaviour.write === 'blind') await dns.writeBlind(endpoint, torn);
    this.halfWritten = true;
    return 'half';
  }

  /** torn-write, second step: the whole record, over the first half if the record still belongs to the plan. */
  private async completeWrite(endpoint: string, plan: StoredPlan): Promise<'written' | 'skipped'> {
    const { dns } = this.backend;
    let outcome: 'written' | 'skipped' = 'written';
    if (this.behaviour.write === 'cas' && (await dns.recordPlan(endpoint)) !== plan.generation) outcome = await dns.writeCas(endpoint, plan);
    else await dns.writeBlind(endpoint, plan);
    this.halfWritten = false;
    return outcome;
  }

  /**
   * Clean: having written every endpoint, deletes the plans more than Keep generations older
   * than the one it held, then goes idle. Postmortem: the fast enactor's clean-up deleted the
   * stale plan the slow one had just written into DNS; under ownership GC it spares every plan
   * a record points to or a busy enactor holds.
   */
  private async clean(): Promise<StepEvent> {
    const held = (this.held as StoredPlan).generation;
    const deleted = await doomedPlans(this.backend, this.behaviour.gc, held - this.keep, this.endpoints);
    await this.backend.plans.delete(deleted);
    if (this.claims) {
      try {
        await this.backend.plans.release(this.name);
      } catch (error) {
        throw new PartialStepError(`deleted plans [${deleted.join(', ')}] but could not release its claim`, error);
      }
    }
    this.pc = 'idle';
    this.held = undefined;
    return { kind: 'clean', enactor: this.name, deleted };
  }

  private idle(reason: string): IdleEvent {
    return { kind: 'idle', enactor: this.name, reason };
  }
}

/** text-generations: generations ordered as their decimal text, so "10" comes before "9". */
function byText(a: number, b: number): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
