import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpAdapter } from '../../adapters/http/index.js';
import { AdapterError, type Adapter } from '../../conformance/adapter.js';
import { runConformance } from '../../conformance/index.js';
import { ReferenceAdapter } from '../../adapters/reference/index.js';
import { DEFAULT_SHAPE } from '../../spec/index.js';
import { firstError, type Plan, type ProtocolConstants } from '../../conformance/protocol/index.js';
import { startServer } from '../support/serve.js';

const ENACTOR = join(import.meta.dirname, '../../examples/python-enactor/enactor.py');
const constants: ProtocolConstants = { enactors: ['a', 'b'], endpoints: ['regional', 'fips'], maxPlan: 3, keep: 1, collector: true, crashes: true };
const plan = (g: number): Plan => ({ generation: g, records: { regional: [`10.0.${g}.1`, `10.0.${g}.2`], fips: [`10.1.${g}.1`, `10.1.${g}.2`] } });
const at = (g: number) => plan(g).records;

/**
 * The postmortem's race, step by step: a picks plan 2, b picks plan 3 and writes it, the slow
 * a writes its plan 2 after, b cleans up. Each row is a call and what it must answer; the two
 * columns are the fixed enactor and the one with the 2025 bug planted.
 */
const RACE: readonly [string, (x: Adapter) => Promise<unknown>, unknown, unknown][] = [
  ['step(a)', (x) => x.step('a'), { kind: 'idle', enactor: 'a' }, { kind: 'idle', enactor: 'a' }],
  ['plan(2)', (x) => x.plan(plan(2)), { kind: 'plan', generation: 2 }, { kind: 'plan', generation: 2 }],
  ['step(a)', (x) => x.step('a'), { kind: 'pick', enactor: 'a', generation: 2 }, { kind: 'pick', enactor: 'a', generation: 2 }],
  ['plan(3)', (x) => x.plan(plan(3)), { kind: 'plan', generation: 3 }, { kind: 'plan', generation: 3 }],
  ['step(b)', (x) => x.step('b'), { kind: 'pick', enactor: 'b', generation: 3 }, { kind: 'pick', enactor: 'b', generation: 3 }],
  ['step(b)', (x) => x.step('b'), write('b', 'regional', 3, 'written'), write('b', 'regional', 3, 'written')],
  ['step(b)', (x) => x.step('b'), write('b', 'fips', 3, 'written'), write('b', 'fips', 3, 'written')],
  ['step(a)', (x) => x.step('a'), write('a', 'regional', 2, 'skipped'), write('a', 'regional', 2, 'written')],
  ['step(a)', (x) => x.step('a'), write('a', 'fips', 2, 'skipped'), write('a', 'fips', 2, 'written')],
  ['observe', (x) => x.observe(), { plans: [1, 2, 3], records: at(3) }, { plans: [1, 2, 3], records: at(2) }],
  ['step(b)', (x) => x.step('b'), { kind: 'clean', enactor: 'b', deleted: [1] }, { kind: 'clean', enactor: 'b', deleted: [1, 2] }],
  ['observe', (x) => x.observe(), { plans: [2, 3], records: at(3) }, { plans: [3], records: { regional: [], fips: [] } }],
  ['step(a)', (x) => x.step('a'), { kind: 'clean', enactor: 'a', deleted: [] }, { kind: 'clean', enactor: 'a', deleted: [] }],
  ['collect', (x) => x.collect(), { kind: 'collect', deleted: [2] }, { kind: 'collect', deleted: [] }],
  ['step(a)', (x) => x.step('a'), { kind: 'idle', enactor: 'a' }, { kind: 'idle', enactor: 'a' }],
  ['observe', (x) => x.observe(), { plans: [3], records: at(3) }, { plans: [3], records: { regional: [], fips: [] } }],
];

/**
 * The postmortem's race with three enactors on one endpoint and no collector: a picks plan 2
 * and stalls; b picks plan 4, writes it and cleans up while a still holds plan 2; then a
 * writes. The bug puts plan 2 back and b's clean-up has deleted it: the record is empty.
 */
const RACE_CONSTANTS: ProtocolConstants = { enactors: ['a', 'b', 'c'], endpoints: ['regional'], maxPlan: 4, keep: 2, collector: false, crashes: false };
const regional = (g: number): Plan => ({ generation: g, records: { regional: [`10.0.${g}.1`, `10.0.${g}.2`] } });

async function postmortem(x: Adapter): Promise<unknown[]> {
  await x.reset({ protocol: 'dnsplan/1', constants: RACE_CONSTANTS, plan: regional(1) });
  const events: unknown[] = [];
  events.push(await x.plan(regional(2)));
  events.push(await x.step('a'));
  events.push(await x.plan(regional(3)));
  events.push(await x.plan(regional(4)));
  events.push(await x.step('b'));
  events.push(await x.step('b'));
  events.push(await x.step('a'));
  events.push(await x.step('b'));
  events.push(await x.observe());
  return events;
}

function write(enactor: string, endpoint: string, generation: number, outcome: 'written' | 'skipped') {
  return { kind: 'write', enactor, endpoint, generation, outcome };
}

describe.each([
  ['fixed', [] as string[], 2],
  ['--bug stale-write', ['--bug', 'stale-write'], 3],
] as const)('examples/python-enactor (%s) driven by HttpAdapter', (_, flags, column) => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let adapter: HttpAdapter;

  beforeAll(async () => {
    server = await startServer('python3', [ENACTOR, '--port', '0', ...flags]);
    adapter = new HttpAdapter({ url: server.url, requestTimeoutMs: 20_000 });
  });

  afterAll(async () => {
    await adapter?.close();
    await server?.stop();
  });

  it('plays the postmortem sequence (3 enactors, regional, no collector)', async () => {
    const events = await postmortem(adapter);
    const bug = column === 3;
    expect(events).toEqual([
      { kind: 'plan', generation: 2 },
      { kind: 'pick', enactor: 'a', generation: 2 },
      { kind: 'plan', generation: 3 },
      { kind: 'plan', generation: 4 },
      { kind: 'pick', enactor: 'b', generation: 4 },
      write('b', 'regional', 4, 'written'),
      write('a', 'regional', 2, bug ? 'written' : 'skipped'),
      { kind: 'clean', enactor: 'b', deleted: bug ? [1, 2] : [1] },
      bug ? { plans: [3, 4], records: { regional: [] } } : { plans: [2, 3, 4], records: { regional: ['10.0.4.1', '10.0.4.2'] } },
    ]);
  });

  it('reports the same events and observation as the reference enactor of its variant', async () => {
    const reference = new ReferenceAdapter({ variant: column === 3 ? 'aws-2025' : 'fixed' });
    try {
      expect(await postmortem(adapter)).toEqual(await postmortem(reference));
    } finally {
      await reference.close();
    }
  });

  it(column === 3 ? 'is found not conformant by the harness' : 'is found conformant at level live by the harness', async () => {
    const result = await runConformance({ adapter, shape: { ...DEFAULT_SHAPE, crashes: true }, runs: 40, seed: 5 });
    expect(result.verdict).toBe(column === 3 ? 'not-conformant' : 'conformant');
    if (column === 2) expect(result.levelReached).toBe('live');
  }, 60_000);

  it('answers a malformed request with 400 and an error envelope saying it did not happen', async () => {
    const post = async (path: string, body: string) => {
      const res = await request(`${server.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json' }, headersTimeout: 20_000, bodyTimeout: 20_000 });
      return { status: res.statusCode, body: (await res.body.json()) as unknown };
    };
    await adapter.reset({ protocol: 'dnsplan/1', constants, plan: plan(1) });
    for (const [path, body, why] of [
      ['/v1/step', '{"enactor": 7}', /enactor/],
      ['/v1/step', '{}', /enactor/],
      ['/v1/plan', '{"plan": {"generation": 0, "records": {}}}', /generation/],
      ['/v1/plan', '{"plan": {"generation": 2, "records": {"regional": []}}}', /regional/],
      ['/v1/reset', '{"protocol": "dnsplan/1"}', /constants/],
      ['/v1/crash', 'crash a', /not JSON/],
    ] as const) {
      const reply = await post(path, body);
      expect(reply, `${path} ${body}`).toEqual({ status: 400, body: { error: { message: expect.stringMatching(why), happened: 'no' } } });
      expect(firstError('ErrorReply', reply.body)).toBeUndefined();
    }
    expect(await post('/v2/step', '{"enactor": "a"}')).toMatchObject({ status: 404, body: { error: { happened: 'no' } } });
  });

  it('starts from plan 1 on every endpoint after a reset', async () => {
    await adapter.reset({ protocol: 'dnsplan/1', constants, plan: plan(1) });
    expect(await adapter.observe()).toEqual({ plans: [1], records: at(1) });
  });

  it('plays the postmortem race step by step', async () => {
    for (const [i, row] of RACE.entries()) {
      const [what, call] = row;
      const got = await call(adapter);
      expect(got, `row ${i + 1}: ${what}`).toMatchObject(row[column] as object);
    }
  });

  it('crashes an enactor mid-plan; it restarts idle and picks again', async () => {
    await adapter.reset({ protocol: 'dnsplan/1', constants, plan: plan(1) });
    await adapter.plan(plan(2));
    expect(await adapter.step('a')).toEqual({ kind: 'pick', enactor: 'a', generation: 2 });
    expect(await adapter.crash('a')).toEqual({ kind: 'crash', enactor: 'a' });
    expect(await adapter.crash('b')).toEqual({ kind: 'crash', enactor: 'b' });
    expect(await adapter.step('a')).toEqual({ kind: 'pick', enactor: 'a', generation: 2 });
  });

  it('refuses an unknown enactor with an error that says the step did not happen', async () => {
    const error = await adapter.step('z').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdapterError);
    expect((error as AdapterError).details).toMatchObject({ lifecycle: 'step(z)', happened: 'no' });
    expect((error as AdapterError).message).toMatch(/^step\(z\): POST .*: the implementation replied with an error \(HTTP 400, happened: no\): unknown enactor/);
  });

  it('refuses another protocol version', async () => {
    const error = await adapter.reset({ protocol: 'dnsplan/2' as 'dnsplan/1', constants, plan: plan(1) }).catch((e: unknown) => e);
    expect((error as AdapterError).details).toMatchObject({ lifecycle: 'reset', happened: 'no' });
  });
});
