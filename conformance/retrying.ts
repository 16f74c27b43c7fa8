/**
 * An Adapter that rides out short outages of the implementation's backend (an etcd
 * restart): a call that failed and certainly did not take effect (`happened: 'no'`) is sent
 * again, and so is an observation, which changes nothing; a call that may have taken effect
 * is never repeated, because repeating it could apply a step twice.
 */
import { AdapterError, type Adapter } from './adapter.js';

export interface RetryOptions {
  /** How long to keep retrying one call (default 15 s). */
  readonly budgetMs?: number;
  /** Pause between attempts (default 200 ms). */
  readonly delayMs?: number;
  /** Called on every retry, e.g. to note it in a report. */
  readonly onRetry?: (lifecycle: string, error: AdapterError) => void;
}

export function withRetries(inner: Adapter, o: RetryOptions = {}): Adapter {
  const budget = o.budgetMs ?? 15_000;
  const delay = o.delayMs ?? 200;
  async function retry<T>(call: () => Promise<T>, readOnly = false): Promise<T> {
    const until = Date.now() + budget;
    for (;;) {
      try {
        return await call();
      } catch (error) {
        const again = error instanceof AdapterError && (readOnly || error.details.happened === 'no') && Date.now() + delay < until;
        if (!again) throw error;
        o.onRetry?.(error.details.lifecycle, error);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
  return {
    get target() {
      return inner.target;
    },
    get observer() {
      return inner.observer;
    },
    reset: (r) => retry(() => inner.reset(r)),
    plan: (p) => retry(() => inner.plan(p)),
    step: (e) => retry(() => inner.step(e)),
    collect: () => retry(() => inner.collect()),
    crash: (e) => retry(() => inner.crash(e)),
    observe: () => retry(() => inner.observe(), true),
    close: () => inner.close(),
  };
}
