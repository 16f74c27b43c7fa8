import { DEFAULT_ZONE, corefile } from '../../../adapters/coredns/index.js';
import type { Runnable } from '../command.js';
import { integerFlag } from '../flags.js';
import { replayLine } from '../replay.js';
import { corednsCorefile } from '../table/coredns-corefile.js';
import { UsageError } from '../usage-error.js';

export const corednsCorefileCommand: Runnable = {
  async run(_args, o, io) {
    const etcd = String(o['etcd'] ?? 'http://127.0.0.1:2379');
    if (!/^https?:\/\/[^\s/]+(:\d+)?\/?$/.test(etcd)) {
      throw new UsageError(`dnsplan coredns corefile: --etcd must be a URL such as http://127.0.0.1:2379, got ${etcd}`);
    }
    const zone = String(o['zone'] ?? DEFAULT_ZONE);
    if (!/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+$/i.test(zone.endsWith('.') ? zone : `${zone}.`)) {
      throw new UsageError(`dnsplan coredns corefile: --zone must be a DNS name such as dnsplan.test., got ${zone}`);
    }
    const port = o['port'] === undefined ? 1053 : integerFlag('coredns corefile', '--port', o['port'], 1, 65535);
    // The line that makes this file again, as a Corefile comment.
    io.out(`# replay with: ${replayLine('coredns corefile', corednsCorefile.flags, o)}\n${corefile({ etcd, zone, port })}`);
    return 0;
  },
};
