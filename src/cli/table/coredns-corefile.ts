import { DEFAULT_ZONE } from '../../../adapters/coredns/zone.js';
import type { Command } from '../command.js';

export const corednsCorefile: Command = {
  name: 'coredns corefile',
  summary: 'print the Corefile that serves the zone from etcd the way the CoreDNS adapter writes it (no cache plugin)',
  flags: [
    { name: '--etcd', value: 'URL', description: 'etcd client URL CoreDNS reads', default: 'http://127.0.0.1:2379' },
    { name: '--zone', value: 'ZONE', description: 'the zone to serve', default: DEFAULT_ZONE },
    { name: '--port', value: 'P', description: 'the DNS port CoreDNS listens on, on 127.0.0.1 (1 to 65535)', default: '1053' },
  ],
  examples: ['dnsplan coredns corefile --etcd http://127.0.0.1:2379 --zone dnsplan.test. --port 1053 > Corefile'],
  load: async () => (await import('../commands/coredns-corefile.js')).corednsCorefileCommand,
};
