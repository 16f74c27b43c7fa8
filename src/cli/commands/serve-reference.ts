import { serveAdapter } from '../../../adapters/http/index.js';
import { REFERENCE_NAMES, ReferenceAdapter } from '../../../adapters/reference/index.js';
import type { Command } from '../command.js';
import { integerFlag, oneOf } from '../flags.js';
import { replayLine } from '../replay.js';
import { UsageError } from '../usage-error.js';

export const serveReferenceCommand: Command = {
  name: 'serve-reference',
  summary: 'serve the reference enactor over the HTTP protocol on 127.0.0.1, as an external implementation would',
  flags: [
    { name: '--variant', value: 'V', description: `the reference to serve: ${REFERENCE_NAMES.join(', ')}`, default: 'fixed' },
    { name: '--port', value: 'P', description: 'the port on 127.0.0.1 (0 picks a free one; 0 to 65535)', default: '8080' },
  ],
  examples: ['dnsplan serve-reference --variant aws-2025 --port 8080 &', 'dnsplan conform --target http://127.0.0.1:8080'],
  async run(_args, o, io) {
    const variant = oneOf('serve-reference', 'reference', o['variant'] ?? 'fixed', REFERENCE_NAMES);
    const port = o['port'] === undefined ? 8080 : integerFlag('serve-reference', '--port', o['port'], 0, 65535);
    let served;
    try {
      served = await serveAdapter(new ReferenceAdapter({ variant }), { port });
    } catch (error) {
      throw new UsageError(`dnsplan serve-reference: cannot listen on 127.0.0.1:${port}: ${(error as Error).message}`);
    }
    io.out(`listening on ${served.url} (reference:${variant}); stop with Ctrl-C`);
    io.out(`replay with: ${replayLine('serve-reference', serveReferenceCommand.flags, o)}`);
    await new Promise<void>((done) => {
      const stop = () => void served.close().then(done);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
