import { randomBytes } from 'node:crypto';
import { namedConf, zoneFile, zoneFileName } from '../../../adapters/rfc2136/named-config.js';
import type { Runnable } from '../command.js';
import { zoneFlag } from '../dns-flags.js';
import { integerFlag } from '../flags.js';
import { replayLine } from '../replay.js';
import { rfc2136Config } from '../table/rfc2136-config.js';
import { UsageError } from '../usage-error.js';

export const rfc2136ConfigCommand: Runnable = {
  async run(_args, o, io) {
    const cmd = 'rfc2136 config';
    const zone = zoneFlag(cmd, o['zone'], 'dnsplan.test.');
    const port = o['port'] === undefined ? 5353 : integerFlag(cmd, '--port', o['port'], 1, 65535);
    const directory = String(o['directory'] ?? '/var/lib/dnsplan');
    if (!/^\/[A-Za-z0-9._/-]*$/.test(directory)) throw new UsageError(`dnsplan ${cmd}: --directory must be an absolute path of letters, digits, '.', '_', '-' and '/', got ${directory}`);
    const name = String(o['key'] ?? 'dnsplan-key');
    if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) throw new UsageError(`dnsplan ${cmd}: --key must be a DNS label, got ${name}`);
    const replay = replayLine(cmd, rfc2136Config.flags, o);
    if (o['zoneFile'] === true) {
      io.out(`; replay with: ${replay}\n${zoneFile(zone)}`);
      return 0;
    }
    const key = { name, secret: randomBytes(32).toString('base64') };
    const dir = directory.replace(/\/$/, '');
    io.out(
      [
        `// replay with: ${replay} (a new key each time)`,
        `// named.conf for dnsplan: put the zone file (dnsplan rfc2136 config --zone-file) at ${dir}/${zoneFileName(zone)}, run  named -g -c named.conf,`,
        `// then:  dnsplan conform --rfc2136 127.0.0.1:${port} --zone ${zone} --tsig ${key.name}:${key.secret}`,
        namedConf({ zone, port, directory: dir, key }),
      ].join('\n'),
    );
    return 0;
  },
};
