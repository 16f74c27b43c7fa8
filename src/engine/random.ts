import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * The one seeded random source of dnsplan (fast-check's own generator family), so that a
 * simulation or a schedule is reproducible from the seed it prints.
 */
export class Random {
  private readonly rng: RandomGenerator;

  constructor(readonly seed: number) {
    this.rng = xoroshiro128plus(seed);
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return uniformInt(this.rng, 0, n - 1);
  }
}

/** A fresh seed for a run that was given none; printed so the run can be replayed. */
export function freshSeed(): number {
  return (Math.random() * 0x7fffffff) | 0;
}
