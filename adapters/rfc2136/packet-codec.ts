/**
 * The parts of dns-packet this backend uses, typed: whole messages are decoded (and queries
 * encoded) by the library; names and the RDATA of A, CNAME and TXT records are encoded with its
 * field encoders, which its type declarations do not list.
 */
import packet from 'dns-packet';
import type { DecodedPacket } from 'dns-packet';

interface FieldCodec<T> {
  encode(value: T, buf?: Buffer, offset?: number): Buffer;
  encodingLength(value: T): number;
}

const fields = packet as unknown as {
  name: FieldCodec<string>;
  a: FieldCodec<string>;
  cname: FieldCodec<string>;
  txt: FieldCodec<string[]>;
};

/** A name in wire form (uncompressed). */
export function encodeName(name: string): Buffer {
  return fields.name.encode(name);
}

/** RDATA of one record, without its length prefix. */
export function encodeRdata(type: 'A' | 'CNAME' | 'TXT', value: string | readonly string[]): Buffer {
  const codec = type === 'A' ? fields.a : type === 'CNAME' ? fields.cname : fields.txt;
  const withLength = (codec as FieldCodec<unknown>).encode(type === 'TXT' ? [...(value as readonly string[])] : value);
  // dns-packet's RDATA encoders prefix the RDATA with its RDLENGTH.
  return withLength.subarray(2);
}

/** A standard query for (name, type), recursion not desired. */
export function encodeQuery(id: number, name: string, type: 'A' | 'CNAME' | 'TXT' | 'SOA'): Buffer {
  return packet.encode({ type: 'query', id, flags: 0, questions: [{ type, name, class: 'IN' }] });
}

/** Decodes a reply; throws on a malformed one. */
export function decodeMessage(buf: Buffer): DecodedPacket {
  return packet.decode(buf);
}

export type { DecodedPacket };
