import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReferenceAdapter } from '../../adapters/reference/index.js';
import { addressesOf, classify, formatSchedule, parseSchedule, runConformance, verifyFile } from '../../conformance/index.js';
import { DEFAULT_SHAPE } from '../../spec/index.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplan-history-'));
let good: string[];

beforeAll(async () => {
  await runConformance({
    adapter: new ReferenceAdapter({ variant: 'fixed' }),
    shape: DEFAULT_SHAPE,
    runs: 1,
    seed: 1,
    schedule: parseSchedule('plan,step:a,plan,plan,step:b,step:b,step:a,step:b,step:a,collect', ['a', 'b', 'c']),
    historyDir: dir,
  });
  good = readFileSync(join(dir, 'history.jsonl'), 'utf8').trimEnd().split('\n');
});

const variant = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
  return path;
};

describe('history files', () => {
  it('a recorded history is complete, and with its fair tail marked it is judged live', async () => {
    const r = await verifyFile(variant('good.jsonl', good));
    expect(r.status).toBe('checked');
    expect(r.complete).toBe(true);
    expect(r.steps).toBe(good.length - 2);
    expect(r.level).toBe('live');
    expect(r.violations).toEqual([]);
  });

  it('a tampered event is reported with its line number', async () => {
    const lines = good.slice();
    const i = lines.findIndex((l) => l.includes('"kind":"pick"'));
    lines[i] = lines[i]!.replace(/"kind":"pick","enactor":"a","generation":2/, '"kind":"pick","enactor":"a","generation":1');
    const r = await verifyFile(variant('tampered.jsonl', lines));
    expect(r.violations[0]?.property).toBe('Refinement');
    expect(r.violations[0]?.line).toBe(i + 1);
  });

  it('an emptied record is a RecordNeverEmpty violation on its line', async () => {
    const lines = good.slice();
    const i = 4;
    lines[i] = lines[i]!.replace(/"regional":\[[^\]]*\]/, '"regional":[]');
    const r = await verifyFile(variant('empty.jsonl', lines));
    expect(r.violations.some((v) => v.property === 'RecordNeverEmpty' && v.line === i + 1)).toBe(true);
    expect(r.level).toBe('none');
  });

  it('a torn record is a NoTornRecord violation', async () => {
    const lines = good.slice();
    lines[3] = lines[3]!.replace(/"regional":\["10\.0\.1\.1","10\.0\.1\.2"\]/, '"regional":["10.0.1.1","10.0.2.2"]');
    const r = await verifyFile(variant('torn.jsonl', lines));
    expect(r.violations.some((v) => v.property === 'NoTornRecord' && v.line === 4)).toBe(true);
  });

  it('a removed line is reported where the step numbers jump', async () => {
    const lines = good.slice();
    lines.splice(3, 1);
    const r = await verifyFile(variant('gap.jsonl', lines));
    expect(r.status).toBe('invalid');
    expect(r.invalid?.line).toBe(4);
    expect(r.invalid?.reason).toMatch(/step 4 where step 3 was due/);
  });

  it('a truncated file is a prefix, never complete, and a cut line is not JSON', async () => {
    const prefix = await verifyFile(variant('prefix.jsonl', good.slice(0, 5)));
    expect(prefix.status).toBe('checked');
    expect(prefix.complete).toBe(false);
    const cut = good.slice(0, 5);
    cut[4] = cut[4]!.slice(0, 40);
    const r = await verifyFile(variant('cut.jsonl', cut));
    expect(r.status).toBe('invalid');
    expect(r.invalid).toMatchObject({ line: 5 });
    expect(r.invalid?.reason).toMatch(/not JSON/);
  });

  it('a line that breaks the schema is named', async () => {
    const lines = good.slice();
    lines[2] = lines[2]!.replace('"ms":', '"millis":');
    const r = await verifyFile(variant('schema.jsonl', lines));
    expect(r.invalid).toMatchObject({ line: 3 });
    expect(r.invalid?.reason).toMatch(/ms/);
  });
});

describe('addresses and schedules', () => {
  it('classifies whole, empty, mixed and partial answers', () => {
    expect(classify(0, addressesOf(0, 3))).toEqual({ kind: 'plan', generation: 3 });
    expect(classify(1, [])).toEqual({ kind: 'empty' });
    expect(classify(0, ['10.0.3.1', '10.0.4.2']).kind).toBe('torn');
    expect(classify(0, ['10.0.3.1']).kind).toBe('torn');
    expect(classify(0, addressesOf(1, 3)).kind).toBe('torn');
    expect(classify(0, ['192.0.2.1', '10.0.3.2']).kind).toBe('torn');
  });

  it('a schedule survives its one-line form, and a bad item is named', () => {
    const s = parseSchedule('plan,step:a,collect,crash:b', ['a', 'b']);
    expect(formatSchedule(s)).toBe('plan,step:a,collect,crash:b');
    expect(() => parseSchedule('plan,step:z', ['a', 'b'])).toThrow(/item 2 'step:z'/);
    expect(() => parseSchedule('jump', ['a'])).toThrow(/item 1/);
  });
});
