import { serveAdapter } from '../../../adapters/http/index.js';
import { REFERENCE_NAMES, ReferenceAdapter } from '../../../adapters/reference/index.js';
import type { Adapter } from '../../../conformance/adapter.js';
import type { Runnable } from '../command.js';
import { rfc2136Flag, tsigFlag, zoneFlag } from '../dns-flags.js';
import { forTerminal } from '../render/escape.js';
import { integerFlag, oneOf } from '../flags.js';
import { replayLine } from '../replay.js';
import { serveReference } from '../table/serve-reference.js';
import { UsageError } from '../usage-error.js';

export const serveReferenceCommand: Runnable = {
  async run(_args, o, io) {
    const variant = oneOf('serve-reference', 'reference', o['variant'] ?? 'fixed', REFERENCE_NAMES);
    const port = o['port'] === undefined ? 8080 : integerFlag('serve-reference', '--port', o['port'], 0, 65535);
    const cmd = 'serve-reference';
    if (o['rfc2136'] === undefined && (o['tsig'] !== undefined || o['zone'] !== undefined)) throw new UsageError('dnsplan serve-reference: --tsig and --zone need --rfc2136 SERVER');
    if (o['tsig'] !== undefined && o['rfc2136'] === 'auto') throw new UsageError('dnsplan serve-reference: --tsig needs --rfc2136 HOST:PORT (auto makes its own key)');
    const rfc2136 = o['rfc2136'] === undefined ? undefined : rfc2136Flag(cmd, o['rfc2136']);
    const tsig = tsigFlag(cmd, o['tsig'] ?? (o['rfc2136'] === undefined || o['rfc2136'] === 'auto' ? undefined : process.env['DNSPLAN_TSIG']));
    const zone = zoneFlag(cmd, o['zone'], 'dnsplan.test.');
    let adapter: Adapter = new ReferenceAdapter({ variant });
    let dns = '';
    if (rfc2136 !== undefined) {
      const { openReferenceOnRfc2136 } = await import('../../../adapters/rfc2136/index.js');
      try {
        const onDns = await openReferenceOnRfc2136({ variant, server: rfc2136, zone, ...(tsig === undefined ? {} : { tsig }), endpoints: [], enactors: [], served: true });
        adapter = onDns;
        dns = `; records on ${onDns.named === undefined ? 'DNS server' : 'named at'} ${onDns.server.host}:${onDns.server.port}, zone ${zone}`;
      } catch (error) {
        io.err(`dnsplan serve-reference: cannot use the RFC 2136 backend: ${forTerminal((error as Error).message)}`);
        return 2;
      }
    }
    let served;
    try {
      served = await serveAdapter(adapter, { port });
    } catch (error) {
      await adapter.close();
      throw new UsageError(`dnsplan serve-reference: cannot listen on 127.0.0.1:${port}: ${(error as Error).message}`);
    }
    io.out(`listening on ${served.url} (reference:${variant}${dns}); stop with Ctrl-C`);
    io.out(`replay with: ${replayLine('serve-reference', serveReference.flags, o)}`);
    await new Promise<void>((done) => {
      const stop = () => void served.close().then(() => adapter.close()).then(done);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
