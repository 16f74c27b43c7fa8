/**
 * The Corefile dnsplan runs CoreDNS with: one server block for the zone on 127.0.0.1, the etcd
 * plugin reading the SkyDNS tree, and deliberately no `cache` plugin, so every answer reflects
 * etcd at the moment of the query (the etcd plugin itself neither caches nor watches).
 */

/** What the Corefile is made from. */
export interface CorefileOptions {
  /** The etcd client URL CoreDNS reads, e.g. `http://127.0.0.1:2379`. */
  readonly etcd: string;
  /** The zone to serve, e.g. `dnsplan.test.`. */
  readonly zone: string;
  /** The UDP/TCP port to listen on. */
  readonly port: number;
  /** The etcd plugin's `path`; `/skydns` when not given. */
  readonly pathPrefix?: string;
}

/** A Corefile serving `zone` from etcd on 127.0.0.1:`port`. */
export function corefile(options: CorefileOptions): string {
  const zone = options.zone.endsWith('.') ? options.zone : `${options.zone}.`;
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
    throw new RangeError(`port must be an integer from 1 to 65535, got ${options.port}`);
  }
  if (/\s/.test(options.etcd) || /\s/.test(zone)) throw new RangeError('etcd endpoint and zone must not contain spaces');
  return [
    `${zone}:${options.port} {`,
    '    bind 127.0.0.1',
    '    errors',
    `    etcd ${zone} {`,
    `        path ${options.pathPrefix ?? '/skydns'}`,
    `        endpoint ${options.etcd}`,
    '    }',
    '}',
    '',
  ].join('\n');
}
