import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPECTED_VERDICTS, PROPERTY_NAMES } from '../../spec/index.js';

describe("the README's variant table", () => {
  it('says what spec/verdicts.ts says', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const rows = readme
      .split('\n')
      .filter((l) => /^\| (aws-2025|cas-only|ownership-only|fixed) \|/.test(l))
      .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
    expect(rows).toHaveLength(EXPECTED_VERDICTS.length);
    for (const e of EXPECTED_VERDICTS) {
      const row = rows.find((r) => r[0] === e.variant && r[1] === (e.collector ? 'on' : 'off'));
      expect(row, `${e.variant} collector ${e.collector}`).toBeDefined();
      PROPERTY_NAMES.forEach((p, i) => {
        const n = e.shortest[p];
        expect(row![2 + i]).toBe(n === undefined ? e.verdicts[p] : `${e.verdicts[p]} (${n})`);
      });
      const c = e.counts;
      expect(row!.slice(2 + PROPERTY_NAMES.length), 'distinct, generated, depth').toEqual([c?.distinct, c?.generated, c?.depth].map((x) => (x ?? 0).toLocaleString('en-US')));
    }
  });
});
