/**
 * How CoreDNS's etcd plugin answers an A query, replayed over the keys it would read. Each step
 * names the plugin source it follows (paths in the coredns/coredns repository):
 *
 * 1. Zone: the query name must be in the zone (plugin/normalize.go, `Zones.Matches`); the name
 *    is lowercased (request/request.go, `Name`).
 * 2. Apex: a query for the zone name itself first reads `apex.dns.<zone>` and falls back to the
 *    zone's own keys only when that name does not exist (plugin/backend_lookup.go,
 *    `checkForApex`).
 * 3. Keys: the name becomes `/<path>/<labels reversed>` (plugin/etcd/msg/path.go, `Path`); a
 *    `*` or `any` label cuts the path there and later filters keys segment by segment
 *    (`PathWithWildcard`, plugin/etcd/etcd.go, `loopNodes`). The plugin reads every key under
 *    `<path>/` (the whole subtree, any depth); only when there is none does it read the single
 *    key `<path>`; when that is missing too the name does not exist: NXDOMAIN
 *    (plugin/etcd/etcd.go, `get`, `IsNameError`; plugin/etcd/handler.go).
 * 4. Messages: each value is decoded as a SkyDNS message (./skydns-message.ts); one value that
 *    does not decode fails the query: SERVFAIL (plugin/etcd/etcd.go, `loopNodes`;
 *    plugin/etcd/handler.go). TTL is the message's `ttl`, else 300; for a key bound to an etcd
 *    lease it is the lease's remaining time clamped to [30 s, 24 h] (the plugin's
 *    `min-lease-ttl`/`max-lease-ttl`), or the message's `ttl` when that is smaller
 *    (plugin/etcd/etcd.go, `TTL`). Messages without `host` are dropped (`shouldInclude`).
 * 5. Groups: when the shortest keys carry a `group`, only messages of that group (or of none)
 *    stay (plugin/etcd/msg/service.go, `Group`).
 * 6. Records: a host that is an IPv4 address (or IPv4-mapped IPv6) becomes an A record, once per
 *    distinct host string; IPv6 and TXT messages add nothing; any other host is a CNAME target
 *    (./host-type.ts; plugin/backend_lookup.go, `A`). A target equal to or below the query name
 *    is a loop and skipped; a chain longer than 10 or a repeated target stops; a target inside
 *    the zone is resolved by the same rules and the CNAME is kept only when that yields
 *    records; a target outside the zone is sent back through CoreDNS itself, which (with the
 *    Corefile of ./corefile.ts, one zone) refuses it, so the CNAME stays with no address.
 * 7. Reply: records → an answer; none → NOERROR without answer (NODATA)
 *    (plugin/etcd/handler.go, `ServeDNS`).
 *
 * The plugin does not watch etcd and keeps no state between queries: every query reads etcd
 * afresh (README "Backend load"), so with no cache plugin an answer reflects etcd at that moment.
 */
import { decodeMessage } from './skydns-message.js';
import type { SkydnsMessage } from './skydns-message.js';
import { fqdn, isSubDomain, labels, skydnsPath } from './dns-name.js';
import { hostType } from './host-type.js';

/** One key-value pair as etcd returns it. */
export interface StoredKey {
  readonly key: string;
  readonly value: string;
  /** Whether the key is bound to an etcd lease (its TTL then also depends on the lease). */
  readonly leased: boolean;
}

/** Reads etcd the two ways the plugin does, ideally at one revision. */
export interface KeyReader {
  /** Every key that starts with `prefix`, in key order. */
  prefix(prefix: string): Promise<readonly StoredKey[]>;
  /** The key itself, if it exists. */
  exact(key: string): Promise<StoredKey | undefined>;
}

/** A record of the answer section. */
export type AnswerRecord =
  | { readonly type: 'A'; readonly name: string; readonly address: string; readonly ttl: number | 'lease'; readonly key: string }
  | { readonly type: 'CNAME'; readonly name: string; readonly target: string; readonly ttl: number | 'lease'; readonly key: string };

/** What CoreDNS replies to an A query. */
export interface AAnswer {
  readonly name: string;
  readonly rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';
  readonly records: readonly AnswerRecord[];
  /** The A addresses in the answer section, in order. */
  readonly addresses: readonly string[];
  /** Why the reply is SERVFAIL. */
  readonly because?: string;
}

/** The etcd plugin's configuration that shapes answers. */
export interface PluginView {
  readonly zone: string;
  readonly pathPrefix: string;
}

/** The TTL the plugin uses when a message has none (plugin/etcd/etcd.go, `defaultTTL`). */
export const DEFAULT_TTL = 300;
const MAX_CNAME_CHAIN = 10;

class NameError extends Error {}
class BackendFailure extends Error {}

interface Service {
  readonly message: SkydnsMessage;
  readonly key: string;
  readonly ttl: number | 'lease';
}

/** Answers an A query for `name` as the etcd plugin would, from what `reader` holds. */
export async function answerA(reader: KeyReader, view: PluginView, name: string): Promise<AAnswer> {
  const qname = fqdn(name).toLowerCase();
  const zone = fqdn(view.zone).toLowerCase();
  if (!isSubDomain(zone, qname)) {
    return { name: qname, rcode: 'SERVFAIL', records: [], addresses: [], because: `${qname} is not in zone ${zone}` };
  }
  try {
    const records = await lookupA(reader, view, zone, qname, []);
    const addresses = records.flatMap((r) => (r.type === 'A' ? [r.address] : []));
    return { name: qname, rcode: 'NOERROR', records, addresses };
  } catch (error) {
    if (error instanceof NameError) return { name: qname, rcode: 'NXDOMAIN', records: [], addresses: [] };
    if (error instanceof BackendFailure) {
      return { name: qname, rcode: 'SERVFAIL', records: [], addresses: [], because: error.message };
    }
    throw error;
  }
}

async function lookupA(
  reader: KeyReader,
  view: PluginView,
  zone: string,
  qname: string,
  previous: readonly AnswerRecord[],
): Promise<AnswerRecord[]> {
  const records: AnswerRecord[] = [];
  const seenHosts = new Set<string>();
  for (const service of await apexOrServices(reader, view, zone, qname)) {
    const { host, text } = service.message;
    const kind = hostType(host, text);
    if (kind.type === 'A') {
      if (seenHosts.has(host)) continue;
      seenHosts.add(host);
      records.push({ type: 'A', name: qname, address: kind.address, ttl: service.ttl, key: service.key });
      continue;
    }
    if (kind.type !== 'CNAME') continue;
    const target = fqdn(host);
    if (target === qname || isSubDomain(qname, target)) continue;
    const cname: AnswerRecord = { type: 'CNAME', name: qname, target, ttl: service.ttl, key: service.key };
    if (previous.length > MAX_CNAME_CHAIN) continue;
    if (previous.some((r) => r.type === 'CNAME' && r.target === target)) continue;
    if (!isSubDomain(zone, target)) {
      records.push(cname);
      continue;
    }
    try {
      const next = await lookupA(reader, view, zone, target.toLowerCase(), [...previous, cname]);
      if (next.length > 0) records.push(cname, ...next);
    } catch (error) {
      if (!(error instanceof NameError || error instanceof BackendFailure)) throw error;
    }
  }
  return records;
}

async function apexOrServices(reader: KeyReader, view: PluginView, zone: string, qname: string): Promise<Service[]> {
  if (qname !== zone) return services(reader, view, qname);
  try {
    return await services(reader, view, `apex.dns.${zone}`);
  } catch (error) {
    if (!(error instanceof NameError)) throw error;
    return services(reader, view, zone);
  }
}

async function services(reader: KeyReader, view: PluginView, qname: string): Promise<Service[]> {
  const reversed = labels(qname).reverse();
  const star = reversed.findIndex((l) => l === '*' || l === 'any');
  const searchName = star < 0 ? qname : `${reversed.slice(0, star).reverse().join('.')}.`;
  const path = skydnsPath(searchName, view.pathPrefix);
  let kvs = await reader.prefix(path.endsWith('/') ? path : `${path}/`);
  if (kvs.length === 0) {
    const single = await reader.exact(path);
    if (single === undefined) throw new NameError(qname);
    kvs = [single];
  }
  const nameParts = skydnsPath(qname, view.pathPrefix).split('/');
  const found: Service[] = [];
  for (const kv of kvs) {
    if (star >= 0 && !matchesWildcard(kv.key.split('/'), nameParts)) continue;
    const decoded = decodeMessage(kv.value);
    if (!decoded.ok) throw new BackendFailure(`${kv.key}: ${decoded.reason}`);
    const ttl = kv.leased ? 'lease' : decoded.message.ttl || DEFAULT_TTL;
    if (decoded.message.host !== '') found.push({ message: decoded.message, key: kv.key, ttl });
  }
  return group(found);
}

function matchesWildcard(keyParts: readonly string[], nameParts: readonly string[]): boolean {
  return nameParts.every((part, i) => {
    if (i > keyParts.length - 1) return false;
    return part === '*' || part === 'any' || keyParts[i] === part;
  });
}

/**
 * The plugin's group rule: the first message sets the group and its key depth; walking on, a
 * shallower message with a group takes over, a shallower one without a group ends the walk.
 * No group: everything stays. Otherwise messages without a group or of that group stay,
 * unless a message at the deciding depth disagrees, which keeps everything.
 */
function group(found: readonly Service[]): Service[] {
  const [first] = found;
  if (first === undefined) return [];
  const depth = (s: Service): number => s.key.split('/').length - 1;
  let chosen = first.message.group;
  let slashes = depth(first);
  const depths = new Array<number>(found.length).fill(0);
  for (const [i, s] of found.entries()) {
    depths[i] = depth(s);
    if (depth(s) < slashes) {
      if (s.message.group === '') break;
      slashes = depth(s);
      chosen = s.message.group;
    }
  }
  if (chosen === '') return [...found];
  const kept: Service[] = [];
  for (const [i, s] of found.entries()) {
    if (s.message.group === '') {
      kept.push(s);
      continue;
    }
    if (depths[i] === slashes && s.message.group !== chosen) return [...found];
    if (s.message.group === chosen) kept.push(s);
  }
  return kept;
}
