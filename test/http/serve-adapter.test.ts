import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { HttpAdapter, serveAdapter, type Served } from '../../adapters/http/index.js';
import { ReferenceAdapter } from '../../adapters/reference/index.js';
import { AdapterError, type Adapter } from '../../conformance/adapter.js';
import { planFor } from '../../conformance/addresses.js';
import type { ResetRequest } from '../../conformance/protocol/index.js';

/** An Adapter that answers from a script and notes every call, to see what crosses the wire. */
function scripted(calls: string[]): Adapter {
  return {
    target: 'scripted',
    observer: 'implementation',
    reset: async (r) => void calls.push(`reset ${r.constants.enactors.join('')}`),
    plan: async (p) => (calls.push(`plan ${p.generation}`), { kind: 'plan', generation: p.generation }),
    step: async (e) => {
      calls.push(`step ${e}`);
      if (e === 'z') throw new AdapterError('no enactor z', { lifecycle: `step(${e})`, happened: 'no' });
      if (e === 'c') throw new Error('the backend fell over');
      return { kind: 'write', enactor: e, endpoint: 'regional', generation: 2, outcome: 'skipped' };
    },
    collect: async () => (calls.push('collect'), { kind: 'collect', deleted: [1] }),
    crash: async (e) => (calls.push(`crash ${e}`), { kind: 'crash', enactor: e }),
    observe: async () => (calls.push('observe'), { plans: [2], records: { regional: ['10.0.2.1', '10.0.2.2'] } }),
    close: async () => undefined,
  };
}

const reset: ResetRequest = {
  protocol: 'dnsplan/1',
  constants: { enactors: ['a', 'b'], endpoints: ['regional'], maxPlan: 3, keep: 1, collector: true, crashes: true },
  plan: { generation: 1, records: { regional: ['10.0.1.1', '10.0.1.2'] } },
};

describe('serveAdapter', () => {
  const calls: string[] = [];
  let served: Served;
  let client: HttpAdapter;

  beforeAll(async () => {
    served = await serveAdapter(scripted(calls), { port: 0, host: '127.0.0.1' });
    client = new HttpAdapter({ url: served.url, requestTimeoutMs: 20_000 });
  });

  afterAll(async () => {
    await client?.close();
    await served?.close();
  });

  it('listens on 127.0.0.1', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('carries every call and its event through the protocol', async () => {
    calls.length = 0;
    await client.reset(reset);
    expect(await client.plan({ generation: 2, records: { regional: ['10.0.2.1', '10.0.2.2'] } })).toEqual({ kind: 'plan', generation: 2 });
    expect(await client.step('b')).toEqual({ kind: 'write', enactor: 'b', endpoint: 'regional', generation: 2, outcome: 'skipped' });
    expect(await client.collect()).toEqual({ kind: 'collect', deleted: [1] });
    expect(await client.crash('a')).toEqual({ kind: 'crash', enactor: 'a' });
    expect(await client.observe()).toEqual({ plans: [2], records: { regional: ['10.0.2.1', '10.0.2.2'] } });
    expect(calls).toEqual(['reset ab', 'plan 2', 'step b', 'collect', 'crash a', 'observe']);
  });

  it("passes an AdapterError on as an error reply with the adapter's `happened`", async () => {
    const refused = (await client.step('z').catch((e: unknown) => e)) as AdapterError;
    expect(refused.details).toMatchObject({ lifecycle: 'step(z)', happened: 'no' });
    expect(refused.message).toMatch(/replied with an error \(HTTP 500, happened: no\): no enactor z$/);
    const broke = (await client.step('c').catch((e: unknown) => e)) as AdapterError;
    expect(broke.details.happened).toBe('unknown');
    expect(broke.message).toMatch(/the backend fell over$/);
  });

  it('answers a bad request with 400 and an error reply, without calling the adapter', async () => {
    calls.length = 0;
    const post = async (path: string, body: string) => {
      const res = await request(`${served.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      return { status: res.statusCode, body: (await res.body.json()) as unknown };
    };
    expect(await post('/v1/step', '{"enactor":"B"}')).toEqual({
      status: 400,
      body: { error: { message: expect.stringMatching(/^the request is not a valid StepRequest: \/enactor must match pattern/), happened: 'no' } },
    });
    expect(await post('/v1/plan', 'plan 2 please')).toEqual({ status: 400, body: { error: { message: 'the request body is not JSON', happened: 'no' } } });
    expect(await post('/v1/reset', JSON.stringify({ ...reset, protocol: 'dnsplan/0' }))).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/\/protocol must be "dnsplan\/1"/) } } });
    expect(await post('/v2/step', '{"enactor":"a"}')).toMatchObject({ status: 404, body: { error: { happened: 'no' } } });
    expect(calls).toEqual([]);
  });
});

/** A schedule through the postmortem's race and past it, with a crash and collections: every call's answer, in order. */
async function drive(x: Adapter): Promise<unknown[]> {
  const endpoints = ['regional', 'fips'];
  const constants = { enactors: ['a', 'b', 'c'], endpoints, maxPlan: 6, keep: 2, collector: true, crashes: true };
  await x.reset({ protocol: 'dnsplan/1', constants, plan: planFor(1, endpoints) });
  const out: unknown[] = [await x.observe()];
  const script: (() => Promise<unknown>)[] = [
    () => x.plan(planFor(2, endpoints)),
    () => x.step('a'),
    () => x.plan(planFor(3, endpoints)),
    () => x.plan(planFor(4, endpoints)),
    () => x.step('b'),
    () => x.step('b'),
    () => x.step('b'),
    () => x.step('a'),
    () => x.step('b'),
    () => x.collect(),
    () => x.step('a'),
    () => x.step('c'),
    () => x.crash('a'),
    () => x.plan(planFor(5, endpoints)),
    () => x.step('c'),
    () => x.step('c'),
    () => x.crash('c'),
    () => x.step('a'),
    () => x.step('a'),
    () => x.step('a'),
    () => x.step('a'),
    () => x.collect(),
    () => x.step('b'),
  ];
  for (const call of script) out.push(await call(), await x.observe());
  return out;
}

describe.each(['fixed', 'aws-2025', 'torn-write'])('serveAdapter(ReferenceAdapter %s) driven by HttpAdapter', (variant) => {
  let served: Served;
  let client: HttpAdapter;

  beforeAll(async () => {
    served = await serveAdapter(new ReferenceAdapter({ variant }));
    client = new HttpAdapter({ url: served.url, requestTimeoutMs: 20_000 });
  });

  afterAll(async () => {
    await client?.close();
    await served?.close();
  });

  it('answers every call exactly as the ReferenceAdapter does in process', async () => {
    const direct = new ReferenceAdapter({ variant });
    try {
      const expected = await drive(direct);
      expect(await drive(client)).toEqual(expected);
    } finally {
      await direct.close();
    }
  });

  it('refuses an unknown enactor with the reference\'s message, as an error that did not happen', async () => {
    const error = (await client.step('z').catch((e: unknown) => e)) as AdapterError;
    expect(error).toBeInstanceOf(AdapterError);
    expect(error.details).toMatchObject({ lifecycle: 'step(z)', happened: 'no' });
    expect(error.message).toMatch(/unknown enactor "z"; the enactors are a, b, c$/);
  });
});
