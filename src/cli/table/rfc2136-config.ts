import type { Command } from '../command.js';

export const rfc2136Config: Command = {
  name: 'rfc2136 config',
  summary: 'print a named.conf and zone file for BIND9 that serve the zone and accept dnsplan\'s dynamic updates (for running your own server)',
  flags: [
    { name: '--zone', value: 'ZONE', description: 'the zone to serve', default: 'dnsplan.test.' },
    { name: '--port', value: 'P', description: 'the DNS port named listens on, on 127.0.0.1 (1 to 65535)', default: '5353' },
    { name: '--directory', value: 'DIR', description: "named's working directory: the zone file and its journal live there (it must be writable by named)", default: '/var/lib/dnsplan' },
    { name: '--key', value: 'NAME', description: 'the name of the TSIG key updates are signed with (its secret is generated)', default: 'dnsplan-key' },
    { name: '--zone-file', description: 'print the zone file instead of named.conf' },
  ],
  examples: [
    'dnsplan rfc2136 config --port 5353 --directory /var/lib/dnsplan > named.conf',
    'dnsplan rfc2136 config --zone-file > /var/lib/dnsplan/dnsplan.test.zone',
  ],
  load: async () => (await import('../commands/rfc2136-config.js')).rfc2136ConfigCommand,
};
