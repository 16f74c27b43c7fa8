import { REFERENCE_NAMES } from '../../../adapters/reference/modes.js';
import type { Command } from '../command.js';

export const serveReference: Command = {
  name: 'serve-reference',
  summary: 'serve the reference enactor over the HTTP protocol on 127.0.0.1, as an external implementation would',
  flags: [
    { name: '--variant', value: 'V', description: `the reference to serve: ${REFERENCE_NAMES.join(', ')}`, default: 'fixed' },
    { name: '--port', value: 'P', description: 'the port on 127.0.0.1 (0 picks a free one; 0 to 65535)', default: '8080' },
    { name: '--rfc2136', value: 'SERVER', description: "keep the plans and records on a DNS server through RFC 2136 dynamic updates, under the names each reset gives: HOST:PORT, or auto to start a throwaway named on 127.0.0.1 (its address is printed); judge it with conform --observe dns://HOST:PORT" },
    { name: '--tsig', value: 'NAME:SECRET', description: 'with --rfc2136 HOST:PORT: sign updates with this hmac-sha256 key (base64 secret); DNSPLAN_TSIG in the environment does the same and keeps the secret out of replay lines and histories' },
    { name: '--zone', value: 'ZONE', description: 'with --rfc2136: the DNS zone', default: 'dnsplan.test.' },
  ],
  examples: [
    'dnsplan serve-reference --variant aws-2025 --port 8080 &',
    'dnsplan conform --target http://127.0.0.1:8080',
    'dnsplan serve-reference --variant lying-observe --rfc2136 auto --port 8080 &   # prints the named address',
    'dnsplan conform --target http://127.0.0.1:8080 --observe dns://127.0.0.1:PORT   # PORT: the named address printed',
  ],
  load: async () => (await import('../commands/serve-reference.js')).serveReferenceCommand,
};
