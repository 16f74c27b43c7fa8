/**
 * `dnsplan verify` in-process: a history is judged whole only with the footer of a completed
 * run (a prefix exits 2, never 0), and nothing the file holds reaches the terminal raw.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReferenceAdapter } from '../../adapters/reference/index.js';
import { parseSchedule, runConformance } from '../../conformance/index.js';
import type { Io } from '../../src/cli/command.js';
import { verifyCommand } from '../../src/cli/commands/verify.js';
import { DEFAULT_SHAPE } from '../../spec/index.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplan-verify-cli-'));
let history: string[];

beforeAll(async () => {
  const r = await runConformance({ adapter: new ReferenceAdapter({ variant: 'fixed' }), shape: DEFAULT_SHAPE, runs: 1, seed: 1, level: 'safe', coverage: false, schedule: parseSchedule('plan,step:a,step:a,step:a', ['a', 'b', 'c']), historyDir: join(dir, 'run') });
  history = readFileSync(r.histories['last']!, 'utf8').trimEnd().split('\n');
});

async function verify(name: string, lines: string[], json = false): Promise<{ code: number; out: string }> {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  let out = '';
  const io: Io = { out: (t) => void (out += `${t}\n`), err: (t) => void (out += `${t}\n`), interactive: false };
  const code = await verifyCommand.run([file], { json: json || undefined }, io);
  return { code, out };
}

/** Characters a terminal would obey. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202e';

describe('dnsplan verify', () => {
  it('a complete history of a completed run exits 0', async () => {
    expect(JSON.parse(history.at(-1)!)).toMatchObject({ type: 'footer', outcome: 'completed', steps: 4 });
    const r = await verify('complete.jsonl', history);
    expect(r.code, r.out).toBe(0);
  });

  it.each([
    ['no footer', () => history.slice(0, -1), 'a prefix of 4 steps; level refines held so far'],
    ['header only', () => history.slice(0, 1), 'a prefix of 0 steps; level refines held so far'],
    ['an aborted footer', () => [...history.slice(0, -1), history.at(-1)!.replace('"completed"', '"aborted"')], 'a prefix of 4 steps; level refines held so far'],
  ])('%s: exit 2, incomplete, never passed', async (_, lines, sentence) => {
    const r = await verify('prefix.jsonl', lines());
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain(`incomplete:`);
    expect(r.out).toContain(sentence);
    const json = await verify('prefix.jsonl', lines(), true);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toMatchObject({ verdict: 'incomplete', message: sentence });
  });

  it("escapes a history's error message and lifecycle, and the bytes of an invalid line", async () => {
    const error = JSON.stringify({ type: 'error', index: 5, lifecycle: `step(a)${HOSTILE}`, message: `boom ${HOSTILE}`, happened: 'unknown' });
    const broken = await verify('error.jsonl', [...history.slice(0, -1), error]);
    expect(broken.code).toBe(2);
    expect(broken.out).toContain('boom \\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202e');
    expect(broken.out).not.toMatch(RAW);
    const invalid = await verify('invalid.jsonl', [...history.slice(0, 2), `not json ${HOSTILE}`]);
    expect(invalid.code).toBe(2);
    expect(invalid.out).toContain('not JSON: not json \\x1b]0;pwned');
    expect(invalid.out).not.toMatch(RAW);
  });
});

describe('dnsplan verify: an observation must name exactly the run endpoints', () => {
  const withRecords = (line: string, records: Record<string, string[]>) => {
    const o = JSON.parse(line) as Record<string, any>;
    o['observation'].records = records;
    return JSON.stringify(o);
  };

  it('a step whose observation leaves an endpoint out is invalid (exit 2), not an empty record', async () => {
    const lines = [...history];
    lines[2] = withRecords(lines[2]!, {});
    const r = await verify('missing.jsonl', lines);
    expect(r.code).toBe(2);
    expect(r.out).toContain('line 3: the observation has no record for regional');
    expect(r.out).not.toContain('RecordNeverEmpty');
  });

  it('a step whose observation names endpoints the run never created is invalid', async () => {
    const lines = [...history];
    const first = JSON.parse(lines[2]!) as Record<string, any>;
    lines[2] = withRecords(lines[2]!, { ...first['observation'].records, ghost: [] });
    const r = await verify('ghost.jsonl', lines);
    expect(r.code).toBe(2);
    expect(r.out).toContain('line 3: the observation names 1 endpoint the run never created (ghost)');
  });
});
