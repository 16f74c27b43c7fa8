/**
 * Domain-name helpers with the semantics the CoreDNS etcd plugin relies on: names are compared
 * label by label and case-insensitively, and a name is turned into an etcd key by reversing its
 * labels under the path prefix (plugin/etcd/msg/path.go, `Path`).
 *
 * Limit: escaped dots inside a label (`a\.b`) are not supported; dnsplan never writes such names
 * and the observer treats them as ordinary text.
 */
import { posix } from 'node:path';

/** A name with its trailing root dot, as DNS servers compare names. */
export function fqdn(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

/** The labels of a name, leftmost first; the root name has none. */
export function labels(name: string): string[] {
  return fqdn(name)
    .split('.')
    .filter((label) => label !== '');
}

/**
 * Whether `child` is `parent` or lies below it, comparing whole labels without regard to case
 * (the test CoreDNS uses to match a query to a zone and a CNAME target to the zone).
 */
export function isSubDomain(parent: string, child: string): boolean {
  const p = labels(parent).map((l) => l.toLowerCase());
  const c = labels(child).map((l) => l.toLowerCase());
  if (p.length > c.length) return false;
  const offset = c.length - p.length;
  return p.every((label, i) => label === c[offset + i]);
}

/**
 * The etcd key a name maps to: `/<prefix>/<labels reversed>`, cleaned the way Go's `path.Join`
 * cleans it (no doubled or trailing slash). `service.staging.skydns.local.` under prefix
 * `skydns` becomes `/skydns/local/skydns/staging/service`.
 */
export function skydnsPath(name: string, prefix: string): string {
  const reversed = labels(name).reverse();
  const joined = posix.normalize(['', prefix, ...reversed].join('/'));
  return joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
}
