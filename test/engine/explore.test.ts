import { describe, expect, it } from 'vitest';
import { explore, type Spec } from '../../src/engine/index.js';
import { constantsOf, makeSpec, type State } from '../../spec/index.js';
import { twoPhase } from '../fixtures/two-phase.js';

describe('explore, the one breadth-first core', () => {
  it("counts TLA+ TwoPhase as TLC does: 288 distinct, 1,146 generated, depth 11", () => {
    const x = explore(twoPhase(3));
    expect([x.store.count, x.generated, x.depth, x.stopped]).toEqual([288, 1146, 11, undefined]);
  });

  it('reports every step once, between stored states, by action number', () => {
    const spec = makeSpec(constantsOf('aws-2025', { collector: false })) as Spec<State>;
    const edges: [number, number, number][] = [];
    const x = explore(spec, { onEdge: (from, action, to) => edges.push([from, action, to]) });
    expect(edges.length).toBe(x.generated - spec.initial.length);
    const W = spec.encoding.words;
    for (const [from, action, to] of edges.slice(0, 500)) {
      const s = spec.encoding.decode(x.store.encodings, from * W);
      expect(spec.actions[action]!.next(s)).toEqual(spec.encoding.decode(x.store.encodings, to * W));
    }
    // Breadth-first: edges come in the order of their source states.
    expect(edges.every(([from], i) => i === 0 || edges[i - 1]![0] <= from)).toBe(true);
  });

  it('stops at maxStates with what it saw', () => {
    const spec = makeSpec(constantsOf('fixed')) as Spec<State>;
    let edges = 0;
    const x = explore(spec, { maxStates: 100, onEdge: () => edges++ });
    expect(x.stopped).toBe('max-states');
    expect(x.store.count).toBe(100);
    expect(edges).toBeGreaterThan(0);
  });
});
