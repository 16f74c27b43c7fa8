/**
 * RFC 2136 UPDATE messages: a zone section, prerequisites, and updates. dns-packet encodes
 * names and RDATA, but not the record forms only UPDATE uses (class NONE, class ANY with empty
 * RDATA), so the sections are laid out here, record by record.
 */
import { encodeName, encodeRdata } from './packet-codec.js';

export type RecordType = 'A' | 'CNAME' | 'TXT';
const TYPE_CODE: Readonly<Record<RecordType | 'SOA', number>> = { A: 1, CNAME: 5, TXT: 16, SOA: 6 };
const IN = 1;
const NONE = 254;
const ANY = 255;
const OPCODE_UPDATE = 5;

/** A prerequisite (RFC 2136 section 2.4). */
export type Prerequisite =
  /** The RRset exists and holds exactly this one value: the compare of a compare-and-swap. */
  | { readonly kind: 'rrset-is'; readonly name: string; readonly type: RecordType; readonly value: string | readonly string[] }
  /** The RRset exists, whatever it holds. */
  | { readonly kind: 'rrset-exists'; readonly name: string; readonly type: RecordType }
  /** No RRset of this type at the name. */
  | { readonly kind: 'rrset-absent'; readonly name: string; readonly type: RecordType };

/** An update (RFC 2136 section 2.5). */
export type Update =
  | { readonly kind: 'add'; readonly name: string; readonly type: RecordType; readonly ttl: number; readonly value: string | readonly string[] }
  | { readonly kind: 'delete-rrset'; readonly name: string; readonly type: RecordType }
  | { readonly kind: 'delete-rr'; readonly name: string; readonly type: RecordType; readonly value: string | readonly string[] };

/** One resource record in wire form. */
function record(name: string, type: RecordType, klass: number, ttl: number, rdata: Buffer): Buffer {
  const head = Buffer.alloc(10);
  head.writeUInt16BE(TYPE_CODE[type], 0);
  head.writeUInt16BE(klass, 2);
  head.writeUInt32BE(ttl, 4);
  head.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([encodeName(name), head, rdata]);
}

const EMPTY = Buffer.alloc(0);

function prerequisite(p: Prerequisite): Buffer {
  switch (p.kind) {
    case 'rrset-is':
      return record(p.name, p.type, IN, 0, encodeRdata(p.type, p.value));
    case 'rrset-exists':
      return record(p.name, p.type, ANY, 0, EMPTY);
    case 'rrset-absent':
      return record(p.name, p.type, NONE, 0, EMPTY);
  }
}

function update(u: Update): Buffer {
  switch (u.kind) {
    case 'add':
      return record(u.name, u.type, IN, u.ttl, encodeRdata(u.type, u.value));
    case 'delete-rrset':
      return record(u.name, u.type, ANY, 0, EMPTY);
    case 'delete-rr':
      return record(u.name, u.type, NONE, 0, encodeRdata(u.type, u.value));
  }
}

/** The UPDATE message for `zone` (unsigned). */
export function encodeUpdate(id: number, zone: string, prerequisites: readonly Prerequisite[], updates: readonly Update[]): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(OPCODE_UPDATE << 11, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(prerequisites.length, 6);
  header.writeUInt16BE(updates.length, 8);
  header.writeUInt16BE(0, 10);
  const zoneSection = Buffer.concat([encodeName(zone), Buffer.from([0, TYPE_CODE.SOA, 0, IN])]);
  return Buffer.concat([header, zoneSection, ...prerequisites.map(prerequisite), ...updates.map(update)]);
}
