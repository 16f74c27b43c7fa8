import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReferenceAdapter } from '../../adapters/reference/index.js';
import { parseSchedule, runConformance, verifyFile, type VerifyResult } from '../../conformance/index.js';
import { DEFAULT_SHAPE } from '../../spec/index.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplan-verify-'));
let fixed: string[];
let outage: string[];

/** Records the history of one schedule of a reference variant (its shrunk form, if it fails). */
async function record(variant: string, schedule: string, shape = DEFAULT_SHAPE): Promise<string[]> {
  const historyDir = join(dir, `${variant}-${Math.random().toString(36).slice(2)}`);
  const r = await runConformance({ adapter: new ReferenceAdapter({ variant }), shape, runs: 1, seed: 1, level: 'safe', schedule: parseSchedule(schedule, ['a', 'b', 'c']), historyDir });
  const file = r.histories['min'] ?? r.histories['last'];
  return readFileSync(file!, 'utf8').trimEnd().split('\n');
}

const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** The same line, valid and meaning the same, but not in the plain form the fast path reads. */
const unplain = (line: string) => JSON.stringify(JSON.parse(line), null, 1).replace(/\n/g, '');

/** A result without what differs between equivalent files. */
const gist = (r: VerifyResult) => ({ status: r.status, complete: r.complete, lines: r.lines, steps: r.steps, level: r.level, violations: r.violations, invalid: r.invalid });

beforeAll(async () => {
  fixed = await record('fixed', 'plan,step:a,plan,plan,step:b,step:b,step:a,step:b,step:a,collect,step:c');
  // the postmortem's race without a collector: b cleans up the plan a just wrote
  outage = await record('aws-2025', 'plan,step:a,plan,plan,step:b,step:b,step:b,step:a,step:c', { ...DEFAULT_SHAPE, collector: false });
});

describe('verify reads files', () => {
  it('a recorded outage is found on the same lines whether read by the fast path or by JSON.parse', async () => {
    const fast = await verifyFile(write('outage.jsonl', `${outage.join('\n')}\n`));
    const slow = await verifyFile(write('outage-slow.jsonl', `${[outage[0]!, ...outage.slice(1).map(unplain)].join('\n')}\n`));
    expect(fast.level).toBe('none');
    expect(fast.violations.map((v) => v.property)).toContain('RecordNeverEmpty');
    expect(gist(slow)).toEqual(gist(fast));
    for (const v of fast.violations) expect(JSON.parse(outage[v.line - 1]!)).toMatchObject({ type: 'step', index: v.step });
  });

  it('CRLF line ends, a last line without a newline, and a mix of plain and other lines read the same', async () => {
    const base = gist(await verifyFile(write('base.jsonl', `${fixed.join('\n')}\n`)));
    expect(base).toMatchObject({ status: 'checked', complete: true, level: 'refines', violations: [] });
    expect(gist(await verifyFile(write('crlf.jsonl', `${fixed.join('\r\n')}\r\n`)))).toEqual(base);
    expect(gist(await verifyFile(write('no-newline.jsonl', fixed.join('\n'))))).toEqual(base);
    const mixed = fixed.map((l, i) => (i % 2 === 1 ? unplain(l) : l));
    expect(gist(await verifyFile(write('mixed.jsonl', `${mixed.join('\n')}\n`)))).toEqual(base);
  });

  it('a line longer than the read buffer, with multi-byte characters across its edges, is read whole', async () => {
    const lines = fixed.slice();
    const i = lines.findIndex((l) => l.includes('"kind":"idle"'));
    expect(i).toBeGreaterThan(0);
    const step = JSON.parse(lines[i]!) as { event: { reason?: string } };
    step.event.reason = 'é✓'.repeat(700_000);
    lines[i] = JSON.stringify(step);
    const r = await verifyFile(write('long.jsonl', `${lines.join('\n')}\n`));
    expect(r).toMatchObject({ status: 'checked', complete: true, level: 'refines', steps: fixed.length - 2 });
  });

  it('an empty file, a missing file and a blank line are invalid, each with its line', async () => {
    expect((await verifyFile(write('empty.jsonl', ''))).invalid).toEqual({ line: 1, reason: 'the file is empty' });
    expect((await verifyFile(join(dir, 'no-such.jsonl'))).invalid?.reason).toMatch(/cannot read the file/);
    const blank = [...fixed.slice(0, 3), '', ...fixed.slice(3)];
    expect((await verifyFile(write('blank.jsonl', `${blank.join('\n')}\n`))).invalid).toEqual({ line: 4, reason: 'an empty line' });
  });

  it('a step repeated on the fast path is out of order at its line', async () => {
    const lines = [...fixed.slice(0, 4), fixed[3]!, ...fixed.slice(4)];
    const r = await verifyFile(write('repeat.jsonl', `${lines.join('\n')}\n`));
    expect(r.invalid).toMatchObject({ line: 5 });
    expect(r.invalid?.reason).toMatch(/step 3 where step 4 was due/);
  });

  it('a line after the footer and a second header are invalid', async () => {
    expect((await verifyFile(write('after.jsonl', `${[...fixed, fixed[2]!].join('\n')}\n`))).invalid?.line).toBe(fixed.length + 1);
    expect((await verifyFile(write('twice.jsonl', `${[fixed[0]!, fixed[0]!].join('\n')}\n`))).invalid).toEqual({ line: 2, reason: 'a second header' });
  });
});
