import { serveAdapter } from '../../../adapters/http/index.js';
import { REFERENCE_NAMES, ReferenceAdapter } from '../../../adapters/reference/index.js';
import type { Runnable } from '../command.js';
import { integerFlag, oneOf } from '../flags.js';
import { replayLine } from '../replay.js';
import { serveReference } from '../table/serve-reference.js';
import { UsageError } from '../usage-error.js';

export const serveReferenceCommand: Runnable = {
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
    io.out(`replay with: ${replayLine('serve-reference', serveReference.flags, o)}`);
    await new Promise<void>((done) => {
      const stop = () => void served.close().then(done);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
