import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Layout, openReferenceOnEtcd } from '../../adapters/coredns/index.js';
import { runConformance } from '../../conformance/index.js';
import { DEFAULT_SHAPE, endpointNames } from '../../spec/index.js';
import { renderBroken } from '../../src/cli/render/conformance.js';
import { etcdAvailable } from '../support/etcd.js';
import { useEtcd } from '../support/etcd-suite.js';

/**
 * A key planted in the run's part of the etcd zone by someone else: the answer it tears is the
 * environment's fault, not the implementation's. The run stops (exit 2) with the key named as
 * foreign, and the history so far is kept.
 */
describe.skipIf(!etcdAvailable())('a foreign key in the run\'s part of the zone (real etcd)', () => {
  const suite = useEtcd();

  it('is named in the report; the torn answer it causes is exit 2, not the implementation\'s NoTornRecord', async () => {
    const adapter = await openReferenceOnEtcd({ variant: 'fixed', etcd: suite.server.endpoint, endpoints: endpointNames(DEFAULT_SHAPE), observer: 'etcd' });
    const dir = mkdtempSync(join(tmpdir(), 'dnsplan-foreign-'));
    try {
      const runId = /run (r[0-9a-z]+)\)/.exec(adapter.target)![1]!;
      const planted = `${new Layout({ zone: 'dnsplan.test.', runId }).endpointDir('regional')}zz-planted`;
      await suite.raw.put(planted).value('{"host":"10.9.9.9"}');
      const r = await runConformance({ adapter, shape: DEFAULT_SHAPE, runs: 3, seed: 1, coverage: false, historyDir: dir });
      expect(r.verdict).toBe('broken');
      const error = r.broken!.broken!.error;
      expect(error.details).toMatchObject({ lifecycle: 'observe', blame: 'environment' });
      expect(error.message).toContain('the record of regional is torn: 10.9.9.9 belongs to no plan of this endpoint');
      expect(error.message).toContain(`${planted} = {"host":"10.9.9.9"} (not a key dnsplan writes)`);
      const report = renderBroken(r, r.histories['broken']);
      expect(report).toContain('the harness cannot judge');
      expect(report).not.toContain('broke the protocol');
      expect(report).toContain('zz-planted');
      // the history is kept, ending in the error and an aborted footer; the key was never deleted
      const lines = readFileSync(r.histories['broken']!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.at(-1)).toMatchObject({ type: 'footer', outcome: 'aborted' });
      expect(existsSync(r.histories['broken']!)).toBe(true);
      expect(await suite.raw.get(planted).string()).toBe('{"host":"10.9.9.9"}');
    } finally {
      await adapter.close();
    }
  });
});
