import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpAdapter } from '../../adapters/http/index.js';
import { AdapterError, type Adapter } from '../../conformance/adapter.js';
import type { Plan, ProtocolConstants } from '../../conformance/protocol/index.js';
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
    adapter = new HttpAdapter({ url: server.url, requestTimeoutMs: 2000 });
  });

  afterAll(async () => {
    await adapter?.close();
    await server?.stop();
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
