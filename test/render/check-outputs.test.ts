import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/commands/check.js';
import type { Io } from '../../src/cli/command.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplan-check-outputs-'));

/** Runs `dnsplan check` in-process; what it printed, in order, with the stream of each line. */
async function run(options: Record<string, unknown>): Promise<{ code: number; said: { to: 'out' | 'err'; text: string }[] }> {
  const said: { to: 'out' | 'err'; text: string }[] = [];
  const io: Io = { out: (text) => said.push({ to: 'out', text }), err: (text) => said.push({ to: 'err', text }), interactive: false };
  const code = await checkCommand.run([], { variant: 'aws-2025', collector: false, ...options }, io);
  return { code, said };
}

afterEach(() => {
  delete process.env['GITHUB_STEP_SUMMARY'];
});

describe('dnsplan check outputs', () => {
  it('writes the HTML report, one ITF file per counterexample and the Markdown summary', async () => {
    const at = (f: string) => join(dir, 'all', f);
    const r = await run({ html: at('race.html'), itf: at('race.itf.json'), summary: at('summary.md') });
    expect(r.code).toBe(1);
    const html = readFileSync(at('race.html'), 'utf8');
    expect(html).toContain('RecordNeverEmpty is violated: the shortest trace, 8 steps');
    expect(html).not.toMatch(/<(link|img|iframe)\b|\bsrc=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    for (const p of ['', '.NoActivePlanDeleted', '.NoStaleOverwrite', '.Converges']) expect(existsSync(at(`race${p}.itf.json`)), p).toBe(true);
    const md = readFileSync(at('summary.md'), 'utf8');
    expect(md).toContain('**dnsplan check: violated**');
    expect(md).toContain('| 8 | enactor b | Clean\\(b\\) | EMPTY | \\{3, 4\\} | ← RecordNeverEmpty: the record of regional points to plan 2, which is not in plans \\{3, 4\\}: it resolves to nothing |');
    expect(md).toMatch(/^(npx )?dnsplan check --variant aws-2025 --no-collector --html \S+race.html --itf \S+ --summary \S+summary.md$/m);
  });

  it('a path it cannot write: exit 2 in one sentence, after the verdict and every other output', async () => {
    writeFileSync(join(dir, 'a-file'), '');
    const r = await run({ html: join(dir, 'a-file', 'race.html'), itf: join(dir, 'ok', 'race.itf.json') });
    expect(r.code).toBe(2);
    expect(r.said[0]!.to).toBe('out');
    expect(r.said[0]!.text).toContain('RecordNeverEmpty is violated');
    const errors = r.said.filter((s) => s.to === 'err');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.text).toBe(`dnsplan check: cannot write --html ${join(dir, 'a-file', 'race.html')}: a part of the path exists and is not a directory`);
    expect(existsSync(join(dir, 'ok', 'race.itf.json'))).toBe(true);
  });

  it('appends the summary to $GITHUB_STEP_SUMMARY when no --summary is given', async () => {
    const file = join(dir, 'step-summary.md');
    writeFileSync(file, 'before\n');
    process.env['GITHUB_STEP_SUMMARY'] = file;
    const r = await run({ variant: 'fixed', collector: true });
    expect(r.code).toBe(0);
    const md = readFileSync(file, 'utf8');
    expect(md.startsWith('before\n### dnsplan check: fixed')).toBe(true);
    expect(md).toContain('**dnsplan check: every property holds**');
  });

  it('a check that holds gets a summary page: verdicts, counts and action coverage (every step of the graph, TLC\'s generated count less the initial state), nothing to draw', async () => {
    const r = await run({ variant: 'fixed', html: join(dir, 'fixed.html') });
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'fixed.html'), 'utf8');
    expect(html).toContain('every property holds');
    expect(html).toMatch(/<td>RecordNeverEmpty<\/td><td>invariant<\/td><td class="holds">holds<\/td>/);
    expect(html).toContain('no counterexample to draw');
    expect(html).toMatch(/<dt>coverage<\/dt><dd>10 of 10 action instances fire in the reachable graph \(3,052 steps\)<\/dd>/);
    expect(html).not.toContain('<section class="card timeline"');
    expect(html).toContain('<tr><td>Write(a, regional)</td>');
    expect(html).not.toMatch(/<tr><td>[^<]+<\/td><td>0<\/td><\/tr>/);
  });

  it('a check left undecided under --symmetry says every orbit was explored, counts orbits and the states they stand for, and covers the whole graph', async () => {
    const md = join(dir, 'undecided.md');
    const r = await run({ variant: 'ownership-only', collector: true, crashes: true, symmetry: true, invariant: ['Converges'], summary: md });
    expect(r.code).toBe(2);
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('**dnsplan check: incomplete**');
    expect(text).toContain("644 distinct \\(orbits of the enactors' permutations, standing for 2,603 states\\)");
    expect(text).toContain('Every reachable orbit was explored, but under symmetry liveness is proved only by its progress measure');
    expect(text).not.toContain('stopped early');
    expect(text).not.toContain('stopped before');
  });

  it('--json carries a format version and states as data', async () => {
    const r = await run({ json: true });
    const out = JSON.parse(r.said[0]!.text);
    expect(out.format).toBe('dnsplan-check/1');
    const race = out.properties.find((p: { name: string }) => p.name === 'RecordNeverEmpty');
    expect(race.trace.steps[8]).toEqual({
      step: 8,
      action: 'Clean(b)',
      state: { latest: 4, plans: [3, 4], applied: { regional: 2 }, pc: { a: 'clean', b: 'idle', c: 'idle' }, held: { a: 2, b: 0, c: 0 }, pending: { a: [], b: [], c: [] } },
    });
    expect(race.trace.steps[2].state.pending).toEqual({ a: ['regional'], b: [], c: [] });
  });
});
