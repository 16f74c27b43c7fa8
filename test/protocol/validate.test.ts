import { describe, expect, it } from 'vitest';
import { SCHEMAS, firstError, guards, isValid, type MessageName } from '../../conformance/protocol/index.js';
import { EXAMPLES } from './examples.js';

const names = Object.keys(SCHEMAS) as MessageName[];

describe('protocol validation', () => {
  it('has good and bad examples for every message', () => {
    for (const name of names) {
      expect(EXAMPLES[name].good.length, name).toBeGreaterThan(0);
      expect(EXAMPLES[name].bad.length, name).toBeGreaterThan(0);
    }
  });

  describe.each(names)('%s', (name) => {
    it.each(EXAMPLES[name].good.map((m) => [JSON.stringify(m), m] as const))('accepts %s', (_, message) => {
      expect(firstError(name, message)).toBeUndefined();
      expect(isValid(name, message)).toBe(true);
      expect(guards[name](message)).toBe(true);
    });

    it.each(EXAMPLES[name].bad.map(([m, why]) => [JSON.stringify(m), m, why] as const))('rejects %s', (_, message, why) => {
      expect(guards[name](message)).toBe(false);
      expect(firstError(name, message)).toMatch(why);
    });
  });

  it('narrows the type of a valid message', () => {
    const json: unknown = JSON.parse('{"result":{"event":{"kind":"idle","enactor":"a"}}}');
    if (!guards.StepReply(json)) throw new Error('not a StepReply');
    expect(json.result.event.kind).toBe('idle');
  });
});
