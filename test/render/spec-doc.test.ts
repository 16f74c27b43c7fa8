import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POSTMORTEM_RACE } from '../../spec/index.js';
import { specDocs } from '../../src/cli/spec-doc.js';

const docs = resolve(import.meta.dirname, '../../docs');

describe('docs/spec.md and docs/counterexamples/', () => {
  const generated = specDocs();

  it('match the spec (run `npm run docs` when this fails)', () => {
    for (const [path, text] of generated) expect(readFileSync(resolve(docs, path), 'utf8'), path).toBe(text);
    const pages = readdirSync(resolve(docs, 'counterexamples')).map((f) => `counterexamples/${f}`);
    expect(pages.sort()).toEqual([...generated.keys()].filter((k) => k.startsWith('counterexamples/')).sort());
  });

  it('say every action with its postmortem sentence, every property, and the race of the postmortem', () => {
    const md = generated.get('spec.md')!;
    for (const action of ['Plan', 'Pick', 'Write', 'Clean', 'Collect', 'Crash']) expect(md).toMatch(new RegExp(`### ${action}\\n\\n${action}[(:][^\\n]+\\n\\n\\*Postmortem:\\* \\S`));
    for (const property of ['RecordNeverEmpty', 'NoActivePlanDeleted', 'NoStaleOverwrite', 'Converges']) expect(md).toContain(`### ${property} (`);
    expect(md).toContain('| aws-2025 | off | violated (8) | violated (7) | violated (6) | violated (9) |');
    const race = md.slice(md.indexOf('### aws-2025, collector off'));
    const rows = race.slice(race.indexOf('**RecordNeverEmpty**')).split('\n').filter((l) => /^\| \d+ \|/.test(l)).slice(0, 9);
    expect(rows.map((r) => r.split(' | ')[1])).toEqual(['(initial)', ...POSTMORTEM_RACE]);
    expect(md).toContain('[counterexamples/aws-2025-no-collector.html](counterexamples/aws-2025-no-collector.html)');
  });

  it('the README links it as the design document', () => {
    expect(readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8')).toMatch(/\[[^\]]*design document[^\]]*\]\(docs\/spec\.md\)|\[docs\/spec\.md\]\(docs\/spec\.md\)[^\n]*design document/);
  });
});
