import { REFERENCE_NAMES } from '../../../adapters/reference/modes.js';
import type { Command } from '../command.js';

export const serveReference: Command = {
  name: 'serve-reference',
  summary: 'serve the reference enactor over the HTTP protocol on 127.0.0.1, as an external implementation would',
  flags: [
    { name: '--variant', value: 'V', description: `the reference to serve: ${REFERENCE_NAMES.join(', ')}`, default: 'fixed' },
    { name: '--port', value: 'P', description: 'the port on 127.0.0.1 (0 picks a free one; 0 to 65535)', default: '8080' },
  ],
  examples: ['dnsplan serve-reference --variant aws-2025 --port 8080 &', 'dnsplan conform --target http://127.0.0.1:8080'],
  load: async () => (await import('../commands/serve-reference.js')).serveReferenceCommand,
};
