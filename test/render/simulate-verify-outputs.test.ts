import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReferenceAdapter } from '../../adapters/reference/index.js';
import { parseSchedule, runConformance } from '../../conformance/index.js';
import { DEFAULT_SHAPE } from '../../spec/index.js';
import { htmlReport } from '../../src/cli/render/html.js';
import { fromItf } from '../../src/cli/render/itf.js';
import type { Timeline } from '../../src/cli/render/timeline.js';
import { fromHistory } from '../../src/cli/render/timeline-history.js';
import { dnsplanIn } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplan-sim-verify-'));
const at = (f: string) => join(dir, f);
const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../src/cli/render/itf.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ strict: true }).compile(schema);

/** Records one schedule of a reference variant; the path of its history. */
async function record(variant: string, schedule: string, name: string): Promise<string> {
  const r = await runConformance({ adapter: new ReferenceAdapter({ variant }), shape: { ...DEFAULT_SHAPE, collector: false }, specVariant: 'fixed', runs: 1, seed: 1, level: 'safe', schedule: parseSchedule(schedule, ['a', 'b', 'c']), historyDir: at(name), coverage: false });
  return (r.histories['min'] ?? r.histories['last'])!;
}

/** The SVG group of step `n` (from its mark to the next step's). */
function stepGroup(html: string, n: number): string {
  const from = html.indexOf(`data-step="${n}"`);
  const next = html.indexOf('data-step=', from + 1);
  return html.slice(from, next < 0 ? html.indexOf('</svg>', from) : next);
}

let race: string;
let long: string;

beforeAll(async () => {
  race = await record('aws-2025', 'plan,step:a,plan,plan,step:b,step:b,step:b,step:a', 'race');
  const hundred = ['plan', 'plan', 'plan', ...Array.from({ length: 97 }, (_, i) => `step:${'abc'[i % 3]}`)].join(',');
  long = await record('fixed', hundred, 'long');
});

describe('dnsplan simulate --html --itf --summary', () => {
  it('draws each violating walk and writes it as ITF that reads back', async () => {
    const r = await dnsplanIn(['simulate', '--variant', 'aws-2025', '--no-collector', '--seed', '3', '--runs', '200', '--invariant', 'RecordNeverEmpty', '--html', at('sim.html'), '--itf', at('sim.itf.json'), '--summary', at('sim.md')]);
    expect(r.code, r.stderr).toBe(1);
    const html = readFileSync(at('sim.html'), 'utf8');
    expect(html).toMatch(/RecordNeverEmpty is violated in walk \d+: \d+ steps/);
    expect(html).toMatch(/<g class="step violating"/);
    const itf = JSON.parse(readFileSync(at('sim.itf.json'), 'utf8'));
    expect(validate(itf)).toBe(true);
    const back = fromItf(itf);
    expect(back.property).toBe('RecordNeverEmpty');
    expect(readFileSync(at('sim.md'), 'utf8')).toContain('**dnsplan simulate: violated**');
    const json = JSON.parse((await dnsplanIn(['simulate', '--variant', 'fixed', '--seed', '3', '--runs', '10', '--json'])).stdout);
    expect(json.format).toBe('dnsplan-simulate/1');
  });
});

describe('dnsplan verify --html --itf --summary', () => {
  it('draws the recorded race with the empty record at the violating step', async () => {
    const r = await dnsplanIn(['verify', race, '--html', at('v.html'), '--itf', at('v.itf.json'), '--summary', at('v.md')]);
    expect(r.code, r.stderr).toBe(1);
    const html = readFileSync(at('v.html'), 'utf8');
    const step = /<g class="step violating[^"]*" data-step="(\d+)"/.exec(html);
    expect(step?.[1]).toBe('8');
    expect(stepGroup(html, 8)).toContain('band-empty');
    expect(html).toContain('<strong>RecordNeverEmpty</strong> at step 8');
    const itf = JSON.parse(readFileSync(at('v.itf.json'), 'utf8'));
    expect(validate(itf)).toBe(true);
    const back = fromItf(itf);
    expect(back.trace.steps.map((s) => s.action)).toEqual([undefined, 'plan(2)', 'pick(a, 2)', 'plan(3)', 'plan(4)', 'pick(b, 4)', 'write(b, regional, 4, written)', 'clean(b, deleted {1, 2})', 'write(a, regional, 2, written)']);
    const last = back.trace.steps[8]!.state;
    expect(last.applied).toEqual([2]);
    expect(last.plans & (1 << 2)).toBe(0);
    expect(readFileSync(at('v.md'), 'utf8')).toContain('**dnsplan verify: violated**');
    const json = JSON.parse((await dnsplanIn(['verify', race, '--json'])).stdout);
    expect(json.format).toBe('dnsplan-verify/1');
  });

  it('a 100-step history makes a page under 1 MB', async () => {
    const r = await dnsplanIn(['verify', long, '--html', at('long.html')]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(at('long.html'), 'utf8');
    expect((html.match(/<g class="step[ "]/g) ?? []).length).toBeGreaterThanOrEqual(100);
    expect(Buffer.byteLength(html)).toBeLessThan(1024 * 1024);
  });

  it('draws only the lines verify found valid', async () => {
    const lines = readFileSync(race, 'utf8').trimEnd().split('\n');
    const broken = at('broken.jsonl');
    writeFileSync(broken, [...lines.slice(0, 4), '{"type":"step","index":99}', ...lines.slice(4)].join('\n'));
    const r = await dnsplanIn(['verify', broken, '--html', at('broken.html')]);
    expect(r.code).toBe(2);
    const html = readFileSync(at('broken.html'), 'utf8');
    expect((html.match(/<g class="step[ "]/g) ?? []).length).toBe(4);
    expect(html).toContain('invalid: ');
  });
});

describe('the picture of a lasso and of two channels', () => {
  const band = (plan: number) => ({ kind: 'plan' as const, plan });
  const mark = (index: number, lane: number, records: Timeline['marks'][number]['records'], served?: Timeline['marks'][number]['records']) => ({
    index,
    lane,
    action: index === 0 ? 'reset' : 'step(a)',
    short: 'x',
    records,
    ...(served ? { served } : {}),
    plans: [1, 2],
    state: {},
  });

  it('marks a fair cycle with an arc back to where it loops', () => {
    const t: Timeline = { title: 't', lanes: ['Planner', 'enactor a', 'collector'], endpoints: ['regional'], maxPlan: 2, marks: [0, 1, 2, 3].map((i) => mark(i, i === 0 ? -1 : 1, [band(1)])), forever: { kind: 'cycle', loopsTo: 1 }, violation: { step: 3, property: 'Converges', sentence: 'a fair cycle' } };
    const html = htmlReport({ heading: 'h', verdict: { text: 'v', tone: 'bad' }, facts: [], timelines: [t], replay: 'r' });
    expect(html).toMatch(/<g class="forever loop" data-loops-to="1">/);
    expect(html).toContain('loops back to step 1, forever');
    expect((html.match(/class="step[^"]* cycle"/g) ?? []).length).toBe(3);
  });

  it('a history with both channels: the claim on top, what was served beneath', () => {
    const k = { enactors: ['a', 'b', 'c'], endpoints: ['regional'], maxPlan: 4, keep: 2, collector: false, crashes: false };
    const plan2 = ['10.0.2.1', '10.0.2.2'];
    const plan1 = ['10.0.1.1', '10.0.1.2'];
    const { timeline } = fromHistory(
      {
        constants: k,
        specVariant: 'fixed',
        observer: 'dns 127.0.0.1:5300',
        initial: { plans: [1], records: { regional: plan1 }, claimed: { regional: plan1 } },
        steps: [
          { type: 'step', index: 1, command: { kind: 'plan' }, event: { kind: 'plan', generation: 2 }, observation: { plans: [1, 2], records: { regional: plan1 }, claimed: { regional: plan1 } }, ms: 1 },
          { type: 'step', index: 2, command: { kind: 'step', enactor: 'a' }, event: { kind: 'pick', enactor: 'a', generation: 2 }, observation: { plans: [1, 2], records: { regional: plan1 }, claimed: { regional: plan1 } }, ms: 1 },
          { type: 'step', index: 3, command: { kind: 'step', enactor: 'a' }, event: { kind: 'write', enactor: 'a', endpoint: 'regional', generation: 2, outcome: 'written' }, observation: { plans: [1, 2], records: { regional: [] }, claimed: { regional: plan2 } }, ms: 1 },
        ],
      },
      'two channels',
    );
    expect(timeline.channels).toEqual({ records: 'the implementation says', served: 'dns 127.0.0.1:5300 served' });
    expect(timeline.marks[3]!.records).toEqual([{ kind: 'plan', plan: 2 }]);
    expect(timeline.marks[3]!.served).toEqual([{ kind: 'empty' }]);
    expect(timeline.marks[3]!.state['claimed regional']).toBe('10.0.2.1, 10.0.2.2');
    expect(timeline.marks[3]!.state['served regional']).toBe('(nothing)');
  });

  it('draws what the implementation says and what was served, a disagreement visible', () => {
    const t: Timeline = {
      title: 't',
      lanes: ['Planner', 'enactor a', 'collector'],
      endpoints: ['regional'],
      maxPlan: 2,
      marks: [mark(0, -1, [band(1)], [band(1)]), mark(1, 1, [band(2)], [{ kind: 'empty' }])],
      channels: { records: 'the implementation says', served: 'dns served' },
    };
    const html = htmlReport({ heading: 'h', verdict: { text: 'v', tone: 'bad' }, facts: [], timelines: [t], replay: 'r' });
    expect(html).toContain('>regional (says)<');
    expect(html).toContain('>regional (served)<');
    expect(html).toContain('<th scope="col">regional (dns served)</th>');
    const step1 = stepGroup(html, 1);
    expect(step1).toContain('data-plan="2"');
    expect(step1).toContain('band-empty');
  });
});
