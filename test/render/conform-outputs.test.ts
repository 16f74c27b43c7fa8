/**
 * The reports of `dnsplan conform`: the README's command writes the HTML report, the
 * Markdown summary, the SVG badge and JUnit, each checked here; and a reply full of markup
 * from a hostile implementation reaches none of them unescaped.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnsplanIn } from '../support/cli.js';
import { DNSPLAN_BIN, startServer } from '../support/serve.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplan-conform-outputs-'));
const read = (f: string) => readFileSync(join(dir, f), 'utf8');
let run: { status: number | null; stdout: string; stderr: string };

beforeAll(() => {
  // The command exactly as the issue gives it, run as a user runs it, in a folder of its own (histories go to runs/<seed>).
  run = spawnSync(process.execPath, [DNSPLAN_BIN, 'conform', '--reference', 'aws-2025', '--no-collector', '--html', 'r.html', '--summary', 's.md', '--badge-svg', 'b.svg', '--junit', 'j.xml'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: '' },
  });
});

describe('dnsplan conform --reference aws-2025 --no-collector --html r.html --summary s.md --badge-svg b.svg --junit j.xml', () => {
  it('prints the verdict and exits 1', () => {
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain('is NOT conformant');
    expect(run.stderr).toBe('');
  });

  it('the HTML report draws the minimal failing history with the empty record at the violating step', () => {
    const html = read('r.html');
    expect(html.length).toBeLessThan(1024 * 1024);
    expect(html).toContain('the minimal failing history');
    const violating = /<g class="step violating[^"]*" data-step="(\d+)"[^>]*>([\s\S]*?)<\/g>\n/.exec(html);
    expect(violating).not.toBeNull();
    expect(violating![2]).toContain('band-empty');
    expect(html).toMatch(/<p class="because"[^>]*><strong>RecordNeverEmpty<\/strong> at step \d+/);
  });

  it('the summary has the verdict, level, coverage, the failing history as a table and the replay line', () => {
    const md = read('s.md');
    expect(md).toContain('**dnsplan conform: not conformant: level none reached, live required**');
    expect(md).toContain('- level: required live, reached none');
    expect(md).toMatch(/- spec coverage: \d+ of \d+ reachable states/);
    expect(md).toMatch(/\| \d+ \| enactor [abc] \| step\\\(\w\\\) \| [^|]+ \| EMPTY \|/);
    expect(md).toMatch(/```sh\n(npx )?dnsplan conform --reference aws-2025 --no-collector --schedule [\w:,]+/);
  });

  it('the badge is an SVG that says not conformant', () => {
    const svg = read('b.svg');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toMatch(/aria-label="dnsplan: not conformant \(none\) · \d+% transitions"/);
  });

  it('JUnit: stable names, the failure body with the seed, the shrunk schedule and the replay line', () => {
    const xml = read('j.xml');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect([...xml.matchAll(/<testcase classname="([^"]+)" name="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual(['dnsplan.conform level safe', 'dnsplan.conform level refines', 'dnsplan.conform level live']);
    const body = /<failure message="RecordNeverEmpty: [^"]*" type="RecordNeverEmpty"><!\[CDATA\[([\s\S]*?)\]\]><\/failure>/.exec(xml)?.[1];
    expect(body).toBeDefined();
    expect(body).toMatch(/^seed: \d+$/m);
    expect(body).toMatch(/shrunk schedule \(\d+ commands, from \d+\): [\w:,]+/);
    expect(body).toMatch(/replay: (npx )?dnsplan conform --reference aws-2025 --no-collector --schedule /);
    expect(xml).toContain('not reached: level safe already failed');
  });

  it('--itf writes the minimal history as a trace of spec states, valid ITF', async () => {
    const r = await dnsplanIn(['conform', '--reference', 'aws-2025', '--no-collector', '--seed', '7', '--no-coverage', '--history-dir', join(dir, 'itf-runs'), '--itf', join(dir, 'r.itf.json')]);
    expect(r.code, r.stderr).toBe(1);
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../src/cli/render/itf.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ strict: true }).compile(schema);
    const itf = JSON.parse(read('r.itf.json'));
    expect(validate(itf), JSON.stringify(validate.errors)).toBe(true);
    expect(itf['#meta'].dnsplan.property).toBe('RecordNeverEmpty');
    expect(itf.states[0]['mbt::actionTaken']).toBe('init');
    expect(itf.states.some((s: { applied: { '#map': [string, number][] }; plans: { '#set': number[] } }) => !s.plans['#set'].includes(s.applied['#map'][0]![1]))).toBe(true);
  });
});

describe('a reply full of markup from the implementation', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let hostile: { status: number | null; stdout: string; stderr: string };
  const out = mkdtempSync(join(tmpdir(), 'dnsplan-markup-'));

  beforeAll(async () => {
    server = await startServer(process.execPath, [join(import.meta.dirname, '../http/fixtures/hostile.mjs'), 'markup-error']);
    hostile = spawnSync(
      process.execPath,
      [DNSPLAN_BIN, 'conform', '--target', server.url, '--runs', '1', '--seed', '3', '--no-coverage', '--history-dir', join(out, 'runs'), '--html', join(out, 'r.html'), '--summary', join(out, 's.md'), '--junit', join(out, 'j.xml')],
      { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } },
    );
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('breaks the protocol (exit 2) and the terminal gets no raw control character', () => {
    expect(hostile.status, hostile.stderr).toBe(2);
    expect(hostile.stderr).toContain('broke the protocol');
    expect(hostile.stdout + hostile.stderr).not.toMatch(/[\u0000\u001b]/);
  });

  it('HTML: the markup is text, not elements', () => {
    const html = readFileSync(join(out, 'r.html'), 'utf8');
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toMatch(/[\u0000\u001b]/);
  });

  it('Markdown: no emphasis, no table cell break, no link, no raw HTML', () => {
    const md = readFileSync(join(out, 's.md'), 'utf8');
    const line = md.split('\n').find((l) => l.includes('onerror'))!;
    expect(line).toContain('&lt;/script&gt;&lt;img src=x onerror=alert\\(1\\)&gt; \\*\\*bold\\*\\* \\| cell \\| \\[link\\]\\(http://example\\.invalid\\)');
    expect(md).not.toMatch(/[\u0000\u001b]/);
  });

  it('XML: the markup is escaped, what XML cannot carry is gone, and the CDATA is not ended early', () => {
    const xml = readFileSync(join(out, 'j.xml'), 'utf8');
    expect(xml).toContain('&lt;/script>&lt;img src=x onerror=alert(1)> **bold** | cell | [link](http://example.invalid) ]]> &amp; &quot;q&quot; [2J `tick`"');
    expect(xml).toContain(']]]]><![CDATA[>');
    expect(xml).not.toMatch(/[\u0000\u001b]/);
    expect(xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')).not.toContain('<img');
  });
});
