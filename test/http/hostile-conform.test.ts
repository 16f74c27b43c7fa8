/**
 * `dnsplan conform` against hostile implementations over real HTTP, each a server in a
 * process of its own (fixtures/hostile.mjs): whatever a target replies, the run ends with
 * exit 2 and one sentence, the history so far is kept, and nothing it sent reaches the
 * terminal raw. The command runs in-process; the implementation is the other process.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyArchive, verifyFile } from '../../conformance/index.js';
import type { Io } from '../../src/cli/command.js';
import { conformCommand } from '../../src/cli/commands/conform.js';
import { startServer } from '../support/serve.js';

const HOSTILE = join(import.meta.dirname, 'fixtures/hostile.mjs');
const MODES = ['deep', 'deep-error', 'escape-error', 'escape-body', 'missing-endpoint', 'foreign-endpoints', 'other-enactor', 'observe-fails'] as const;
type Mode = (typeof MODES)[number];
const dir = mkdtempSync(join(tmpdir(), 'dnsplan-hostile-'));
const servers = new Map<Mode, Awaited<ReturnType<typeof startServer>>>();

/** Characters a terminal would obey: ESC, BEL, NUL, C1 controls, bidi overrides. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

beforeAll(async () => {
  await Promise.all(MODES.map(async (mode) => servers.set(mode, await startServer(process.execPath, [HOSTILE, mode]))));
});
afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.stop()));
});

/** Runs `dnsplan conform --target` against the mode's server, one schedule, in-process. */
async function conform(mode: Mode, schedule: string, extra: Record<string, unknown> = {}): Promise<{ code: number; out: string; err: string; history: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), interactive: false };
  const history = join(dir, mode);
  const code = await conformCommand.run([], { target: servers.get(mode)!.url, schedule, seed: '1', timeout: '20000', historyDir: history, coverage: false, ...extra }, io);
  return { code, out, err, history: join(history, 'history-broken.jsonl') };
}

const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);

describe('dnsplan conform against a hostile implementation', () => {
  it.each([
    ['deep', 'the reply (HTTP 200) is nested deeper than 64 levels'],
    ['deep-error', 'the reply (HTTP 500) is nested deeper than 64 levels'],
  ] as const)('%s: a reply nested 5,000 levels deep is exit 2, one sentence, the history kept', async (mode, sentence) => {
    const r = await conform(mode, 'plan,step:a');
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(sentence);
    expect(r.err).not.toMatch(/RangeError|\n\s+at /);
    const history = lines(r.history);
    expect(history.at(-2)).toMatchObject({ type: 'error', index: 2, lifecycle: 'step(a)', happened: 'unknown' });
    expect(history.at(-1)).toMatchObject({ type: 'footer', outcome: 'aborted', steps: 1 });
    const json = await conform(mode, 'plan,step:a', { json: true });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out).broken.message).toContain(sentence);
  });

  it.each([
    ['escape-error', 'the implementation replied with an error (HTTP 500, happened: unknown): \\x1b]0;pwned\\x07\\x1b[2J\\x9b31m owned \\u202egnp.exe'],
    ['escape-body', 'received:  \\x1b]0;pwned\\x07\\x1b[2J\\x9b31m owned \\u202egnp.exe'],
  ] as const)('%s: escape sequences in what the target sent are shown as visible escapes, never emitted', async (mode, shown) => {
    const r = await conform(mode, 'step:a', { junit: join(dir, `${mode}.xml`) });
    expect(r.code).toBe(2);
    expect(r.err).toContain(shown);
    expect(r.err + r.out).not.toMatch(RAW);
    expect(readFileSync(join(dir, `${mode}.xml`), 'utf8')).not.toMatch(RAW);
    // The history file and --json output carry the text, escaped as JSON, raw nowhere.
    expect(readFileSync(r.history, 'utf8')).not.toMatch(RAW);
    const json = await conform(mode, 'step:a', { json: true });
    expect(json.out).not.toMatch(RAW);
    expect(JSON.stringify(JSON.parse(json.out).broken)).toContain(String.raw`\u001b]0;pwned`);
  });

  it('missing-endpoint: an absent record is not an empty one: exit 2, not RecordNeverEmpty', async () => {
    const r = await conform('missing-endpoint', 'step:a');
    expect(r.code).toBe(2);
    expect(r.err).toContain('the observation has no record for regional');
    expect(r.err + r.out).not.toContain('RecordNeverEmpty');
    expect(lines(r.history).find((l) => l['type'] === 'error')).toMatchObject({ lifecycle: 'observe', happened: 'no' });
  });

  it('foreign-endpoints: an observation naming endpoints the run never created is refused in one sentence', async () => {
    const r = await conform('foreign-endpoints', 'step:a');
    expect(r.code).toBe(2);
    expect(r.err).toContain('the observation names 5000 endpoints the run never created (ghost0, ghost1, ghost2, …)');
    expect(r.err.length).toBeLessThan(2000);
  });

  it('other-enactor: an event about another enactor than the one commanded is exit 2, naming both', async () => {
    const r = await conform('other-enactor', 'plan,step:c');
    expect(r.code).toBe(2);
    expect(r.err).toContain('step(c): the event is about enactor a, but enactor c was commanded');
  });

  it("observe-fails: the step's event is kept in the history, and the failed observe is labelled as changing nothing", async () => {
    const r = await conform('observe-fails', 'step:b');
    expect(r.code).toBe(2);
    expect(r.err).toContain('broke the protocol at observe');
    expect(r.err).toContain('event:     {"kind":"idle","enactor":"b"} (the step took effect');
    expect(r.err).toContain('happened:  no (an observation changes nothing)');
    expect(r.err).not.toContain('the step may have taken effect');
    const error = lines(r.history).find((l) => l['type'] === 'error');
    expect(error).toMatchObject({ index: 1, command: { kind: 'step', enactor: 'b' }, event: { kind: 'idle', enactor: 'b' }, lifecycle: 'observe', happened: 'no' });
    const verified = await verifyFile(r.history);
    expect(verified.status).toBe('checked');
    expect(verified.error?.lifecycle).toBe('observe');
  });
});

describe('--retries', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer(process.execPath, [HOSTILE, 'refuses-once']);
  });
  afterAll(async () => {
    await server.stop();
  });

  const run = async (extra: Record<string, unknown>) => {
    let out = '';
    let err = '';
    const io: Io = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), interactive: false };
    const historyDir = join(dir, `retries-${String(extra['retries'] ?? 0)}`);
    const code = await conformCommand.run([], { target: server.url, schedule: 'step:a,step:b', level: 'safe', seed: '1', historyDir, coverage: false, ...extra }, io);
    return { code, out, err, historyDir };
  };

  it('without it, an error that says happened: no ends the run (exit 2)', async () => {
    const r = await run({});
    expect(r.code).toBe(2);
    expect(r.err).toContain('happened: no): busy, try again');
  });

  it('--retries 1 sends a refused command again and records each refusal in the step line', async () => {
    const r = await run({ retries: '1' });
    expect(r.code, r.err).toBe(0);
    const steps = lines(join(r.historyDir, 'history.jsonl')).filter((l) => l['type'] === 'step');
    expect(steps).toHaveLength(2);
    for (const s of steps) expect(s['retries']).toEqual([expect.stringMatching(/happened: no\): busy, try again \(attempt \d+\)$/)]);
    expect((await verifyFile(join(r.historyDir, 'history.jsonl'))).status).toBe('checked');
    // The archive of every run holds the same run, retries and all.
    const archived = await verifyArchive(join(r.historyDir, 'runs.jsonl.gz'));
    expect(archived.runs.map((a) => [a.line.verdict, a.result.steps])).toEqual([['holds', 2]]);
  });
});
