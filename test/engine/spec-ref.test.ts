import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explore, loadSpec } from '../../src/engine/index.js';
import { EXPECTED_RESULTS, constantsOf } from '../../spec/index.js';

describe('a spec loaded by module reference', () => {
  it('is the spec the constants make: the same counts as the table', async () => {
    const row = EXPECTED_RESULTS.find((r) => r.variant === 'aws-2025' && !r.shape.collector)!;
    const constants = JSON.parse(JSON.stringify(constantsOf(row.variant, row.shape))) as unknown;
    const spec = await loadSpec({ module: pathToFileURL(resolve(import.meta.dirname, '../../spec/index.ts')).href, constants });
    const x = explore(spec);
    expect([x.store.count, x.generated, x.depth]).toEqual([row.counts!.distinct, row.counts!.generated, row.counts!.depth]);
  });

  it('says which export is missing', async () => {
    const module = pathToFileURL(resolve(import.meta.dirname, '../../spec/index.ts')).href;
    await expect(loadSpec({ module, export: 'nope', constants: {} })).rejects.toThrow('exports no function nope');
  });
});
