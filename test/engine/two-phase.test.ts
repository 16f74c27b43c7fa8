import { describe, expect, it } from 'vitest';
import { check } from '../../src/engine/index.js';
import { twoPhase } from '../fixtures/two-phase.js';

describe('the engine on TLA+ TwoPhase, whose figures TLC published first', () => {
  it('finds 288 distinct states, 1,146 generated, depth 11 with 3 resource managers', () => {
    const r = check(twoPhase(3));
    expect(r.outcome.status).toBe('holds');
    expect(r.stats.distinct).toBe(288);
    expect(r.stats.generated).toBe(1146);
    expect(r.stats.depth).toBe(11);
  });
});
