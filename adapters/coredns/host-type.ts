/**
 * What the `host` of a SkyDNS message stands for, decided as the etcd plugin decides it
 * (plugin/etcd/msg/type.go, `HostType`): a host that parses as an IP address (Go's
 * `net.ParseIP`) is an address, an IPv4 or IPv4-mapped IPv6 address becoming an A record;
 * anything else is a name (a CNAME target) unless the message carries `text`, which makes it TXT.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** The record type a message's host makes, with the IPv4 address for A. */
export type HostType =
  | { readonly type: 'A'; readonly address: string }
  | { readonly type: 'AAAA' }
  | { readonly type: 'CNAME' }
  | { readonly type: 'TXT' };

/** Classifies a message's host (and text) the way the etcd plugin does. */
export function hostType(host: string, text: string): HostType {
  if (isIPv4(host)) return { type: 'A', address: host };
  if (isIPv6(host) && !host.includes('%')) {
    const mapped = ipv4Mapped(ipv6Bytes(host));
    return mapped === undefined ? { type: 'AAAA' } : { type: 'A', address: mapped };
  }
  return text === '' ? { type: 'CNAME' } : { type: 'TXT' };
}

function ipv4Mapped(bytes: readonly number[]): string | undefined {
  const zeros = bytes.slice(0, 10).every((b) => b === 0);
  if (!zeros || bytes[10] !== 0xff || bytes[11] !== 0xff) return undefined;
  return bytes.slice(12).join('.');
}

/** The 16 bytes of a syntactically valid IPv6 address (with an optional trailing IPv4 part). */
function ipv6Bytes(text: string): number[] {
  const groups = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
        out.push((a << 8) | b, (c << 8) | d);
      } else {
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const [head = '', tail] = text.split('::');
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const words = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}
