import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMAS, firstError, type MessageName } from '../../conformance/protocol/index.js';

const DOC = readFileSync(join(import.meta.dirname, '../../docs/protocol.md'), 'utf8');

/** Schema file stem (`step-reply`) → message name (`StepReply`). */
const BY_STEM = new Map(Object.entries(SCHEMAS).map(([name, file]) => [file.replace('.schema.json', ''), name as MessageName]));

/** Every fenced JSON block of the document, with the schema its info string names. */
function jsonBlocks(text: string): { label: string | undefined; body: string; line: number }[] {
  const out: { label: string | undefined; body: string; line: number }[] = [];
  for (const m of text.matchAll(/^```json([^\n]*)\n([\s\S]*?)^```$/gm)) {
    out.push({ label: m[1]!.trim() || undefined, body: m[2]!, line: text.slice(0, m.index).split('\n').length });
  }
  return out;
}

describe('docs/protocol.md', () => {
  const blocks = jsonBlocks(DOC);

  it('has a labelled example of every request and reply', () => {
    const labels = new Set(blocks.map((b) => b.label));
    for (const stem of ['reset', 'plan', 'step', 'collect', 'crash', 'observe'].flatMap((s) => [`${s}-request`, `${s}-reply`]).concat('error-reply')) {
      expect(labels.has(stem), stem).toBe(true);
    }
  });

  it.each(blocks.map((b) => [`line ${b.line}: ${b.label ?? '(no label)'}`, b] as const))('%s validates against its schema', (_, block) => {
    expect(block.label, 'label the block with its schema, e.g. ```json step-reply').toBeDefined();
    const name = BY_STEM.get(block.label!);
    expect(name, `no schema ${block.label}.schema.json`).toBeDefined();
    expect(firstError(name!, JSON.parse(block.body))).toBeUndefined();
  });
});
