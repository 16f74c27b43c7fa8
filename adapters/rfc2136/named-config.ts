/**
 * The `named.conf` and zone file that serve dnsplan's zone from BIND9 and accept its dynamic
 * updates: authoritative only (no recursion, no cache in front of the zone), updates allowed
 * to holders of one TSIG key, transfers and queries from the loopback. `dnsplan rfc2136
 * config` prints them; `--rfc2136 auto` writes them into a temporary directory.
 */

/** What the configuration is made from. */
export interface NamedConfigOptions {
  /** The zone, e.g. `dnsplan.test.`. */
  readonly zone: string;
  /** The UDP and TCP port on 127.0.0.1. */
  readonly port: number;
  /** The directory named works in (the zone file and its journal live there). */
  readonly directory: string;
  /** The TSIG key dynamic updates must be signed with. */
  readonly key: { readonly name: string; readonly secret: string };
}

/** The zone file's name inside the directory. */
export function zoneFileName(zone: string): string {
  return `${zone.replace(/\.$/, '')}.zone`;
}

/** A `named.conf` for the zone. */
export function namedConf(o: NamedConfigOptions): string {
  const zone = o.zone.endsWith('.') ? o.zone : `${o.zone}.`;
  return [
    'options {',
    `  directory "${o.directory}";`,
    `  pid-file "${o.directory}/named.pid";`,
    `  session-keyfile "${o.directory}/session.key";`,
    `  managed-keys-directory "${o.directory}";`,
    `  listen-on port ${o.port} { 127.0.0.1; };`,
    '  listen-on-v6 { none; };',
    '  recursion no;',
    '  allow-query { 127.0.0.1; };',
    '  allow-transfer { 127.0.0.1; };',
    '  dnssec-validation no;',
    '  notify no;',
    '};',
    '',
    '// no rndc channel: the harness stops named with a signal',
    'controls { };',
    '',
    `key "${o.key.name}" {`,
    '  algorithm hmac-sha256;',
    `  secret "${o.key.secret}";`,
    '};',
    '',
    `zone "${zone}" {`,
    '  type primary;',
    `  file "${zoneFileName(zone)}";`,
    `  allow-update { key "${o.key.name}"; };`,
    '};',
    '',
  ].join('\n');
}

/** The zone's starting contents: SOA and NS only; dnsplan adds and removes the rest by updates. */
export function zoneFile(zone: string): string {
  const origin = zone.endsWith('.') ? zone : `${zone}.`;
  return [
    `$ORIGIN ${origin}`,
    '$TTL 30',
    // a 1-second negative TTL: nothing caches here, but a resolver in front should not either
    '@   IN SOA ns hostmaster 1 3600 600 86400 1',
    '@   IN NS  ns',
    'ns  IN A   127.0.0.1',
    '',
  ].join('\n');
}
