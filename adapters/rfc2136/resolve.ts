/**
 * Resolving an endpoint's name as a client would, against one authoritative server, with no
 * cache: an A query, its CNAME chain followed through the answer and, where the server did not
 * chase a target inside the zone, by asking again (at most 8 hops). A target outside the zone
 * is not followed: the answer is then empty, as it would be for a resolver that cannot reach it.
 */
import type { AnswerRecord } from './client.js';
import { bare } from './layout.js';
import type { ZoneClient } from './zone-client.js';

const MAX_HOPS = 8;

/** A resolved name: the addresses, and every record of the answers on the way. */
export interface Resolved {
  /** Sorted: servers rotate the order of an RRset, which means nothing, and histories read better stable. */
  readonly addresses: string[];
  readonly records: AnswerRecord[];
  /** The name the chain ended at. */
  readonly final: string;
}

/** Resolves `name`'s A records through `zone`'s server. */
export async function resolveA(zone: ZoneClient, name: string): Promise<Resolved> {
  const zoneName = bare(zone.options.zone);
  const seen: AnswerRecord[] = [];
  let current = bare(name);
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const answer = await zone.query(current, 'A');
    seen.push(...answer.records);
    const visited = new Set([current]);
    for (;;) {
      const cname = answer.records.find((r) => r.type === 'CNAME' && r.name === current);
      if (cname?.type !== 'CNAME' || visited.has(cname.target)) break;
      current = cname.target;
      visited.add(current);
    }
    const addresses = answer.records.flatMap((r) => (r.type === 'A' && r.name === current ? [r.address] : []));
    const chased = answer.records.some((r) => r.name === current);
    const inZone = current === zoneName || current.endsWith(`.${zoneName}`);
    if (addresses.length > 0 || answer.rcode === 'NXDOMAIN' || chased || !inZone || current === bare(name)) {
      return { addresses: addresses.sort(), records: seen, final: current };
    }
  }
  return { addresses: [], records: seen, final: current };
}
