/**
 * The flags that put a run on real DNS: `--rfc2136 auto|HOST:PORT` (with `--zone`, `--tsig`),
 * and `--observe dns://HOST:PORT|etcd://HOST:PORT` (with `--zone`, `--settle`), parsed into
 * what the adapters take, or a usage error of one sentence.
 */
import type { TsigKey } from '../../adapters/rfc2136/index.js';
import { parseTsig } from '../../adapters/rfc2136/tsig.js';
import { integerFlag } from './flags.js';
import { UsageError } from './usage-error.js';

/** `HOST:PORT` with a literal IPv4 host, or a usage error naming the flag. */
function serverFlag(command: string, flag: string, raw: string, shape = 'auto or HOST:PORT'): { host: string; port: number } {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(raw);
  const port = m === null ? NaN : Number(m[2]);
  if (m === null || !(port >= 1 && port <= 65535) || m[1]!.split('.').some((o) => Number(o) > 255)) {
    throw new UsageError(`dnsplan ${command}: ${flag} must be ${shape} with an IPv4 address, e.g. 127.0.0.1:5353, got ${raw}`);
  }
  return { host: m[1]!, port };
}

/** The `--rfc2136` value: `auto` or a server. */
export function rfc2136Flag(command: string, raw: unknown): 'auto' | { host: string; port: number } {
  const text = String(raw);
  return text === 'auto' ? 'auto' : serverFlag(command, '--rfc2136', text);
}

/** The `--tsig` value. */
export function tsigFlag(command: string, raw: unknown): TsigKey | undefined {
  if (raw === undefined) return undefined;
  const key = parseTsig(String(raw));
  if (typeof key === 'string') throw new UsageError(`dnsplan ${command}: --tsig ${key}`);
  return key;
}

/** The `--observe` value: which observer and where. */
export type ObserveTarget = { readonly kind: 'dns'; readonly host: string; readonly port: number } | { readonly kind: 'etcd'; readonly url: string };

export function observeFlag(command: string, raw: unknown): ObserveTarget {
  const text = String(raw);
  const m = /^(dns|etcd):\/\/([^/]+)\/?$/.exec(text);
  if (m === null) throw new UsageError(`dnsplan ${command}: --observe must be dns://HOST:PORT or etcd://HOST:PORT, got ${text}`);
  const server = serverFlag(command, '--observe', m[2]!, 'dns://HOST:PORT or etcd://HOST:PORT');
  return m[1] === 'dns' ? { kind: 'dns', ...server } : { kind: 'etcd', url: `http://${server.host}:${server.port}` };
}

/** The `--settle` value in milliseconds (0 to 60000). */
export function settleFlag(command: string, raw: unknown): number {
  return raw === undefined ? 0 : integerFlag(command, '--settle', raw, 0, 60_000);
}

/** The `--zone` value as a fully qualified name, or a usage error. */
export function zoneFlag(command: string, raw: unknown, fallback: string): string {
  const text = raw === undefined ? fallback : String(raw);
  const zone = text.endsWith('.') ? text : `${text}.`;
  if (!/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+$/.test(zone)) throw new UsageError(`dnsplan ${command}: --zone must be a DNS name such as dnsplan.test., got ${text}`);
  return zone;
}
