/**
 * TSIG (RFC 8945) for dynamic updates: a request is signed with HMAC-SHA256 under a shared key
 * so that the server's `allow-update { key ...; }` accepts it. dns-packet has no TSIG, so this
 * is the one piece of the wire format written here: the MAC over the message and the TSIG
 * variables, and the TSIG record appended to the additional section. A reply's TSIG error
 * (BADSIG, BADKEY, BADTIME) is read back for the report, and a reply's own MAC is verified
 * (`verifyReply`), so an update counts as committed only on the word of the key's holder.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { encodeName } from './packet-codec.js';

/** A TSIG key as `named.conf` declares it: its name and base64 secret (hmac-sha256). */
export interface TsigKey {
  readonly name: string;
  readonly secret: string;
}

const ALGORITHM = 'hmac-sha256';
const TYPE_TSIG = 250;
const CLASS_ANY = 255;
const FUDGE = 300;

/** TSIG error codes by number, for reports. */
export const TSIG_ERRORS: Readonly<Record<number, string>> = { 16: 'BADSIG', 17: 'BADKEY', 18: 'BADTIME', 22: 'BADTRUNC' };

/** Parses `NAME:SECRET` (the `--tsig` flag), or explains what is wrong. */
export function parseTsig(text: string): TsigKey | string {
  const colon = text.indexOf(':');
  if (colon <= 0) return `expected NAME:SECRET (e.g. dnsplan-key:c2VjcmV0...), got ${JSON.stringify(text)}`;
  const name = text.slice(0, colon);
  const secret = text.slice(colon + 1);
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return `the key name must be a DNS name, got ${JSON.stringify(name)}`;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secret) || Buffer.from(secret, 'base64').length < 16) return 'the secret must be base64 of at least 16 bytes';
  return { name, secret };
}

/** `message` with a TSIG record appended (ARCOUNT incremented), signed at `now` (seconds). */
export function signMessage(message: Buffer, key: TsigKey, now = Math.floor(Date.now() / 1000)): Buffer {
  return signed(message, key, now).message;
}

/** The signed message and its MAC (which the reply's MAC covers). */
export function signed(message: Buffer, key: TsigKey, now = Math.floor(Date.now() / 1000)): { message: Buffer; mac: Buffer } {
  const keyName = encodeName(key.name.toLowerCase());
  const algorithm = encodeName(ALGORITHM);
  const time = Buffer.alloc(8);
  time.writeUInt16BE(Math.floor(now / 2 ** 32), 0);
  time.writeUInt32BE(now % 2 ** 32, 2);
  time.writeUInt16BE(FUDGE, 6);
  const classTtl = Buffer.from([0, CLASS_ANY, 0, 0, 0, 0]);
  const errorOther = Buffer.from([0, 0, 0, 0]);
  const mac = createHmac('sha256', Buffer.from(key.secret, 'base64'))
    .update(Buffer.concat([message, keyName, classTtl, algorithm, time, errorOther]))
    .digest();
  const macSize = Buffer.alloc(2);
  macSize.writeUInt16BE(mac.length);
  const rdata = Buffer.concat([algorithm, time, macSize, mac, message.subarray(0, 2), errorOther]);
  const head = Buffer.alloc(10);
  head.writeUInt16BE(TYPE_TSIG, 0);
  head.writeUInt16BE(CLASS_ANY, 2);
  head.writeUInt32BE(0, 4);
  head.writeUInt16BE(rdata.length, 8);
  const out = Buffer.concat([message, keyName, head, rdata]);
  out.writeUInt16BE(out.readUInt16BE(10) + 1, 10);
  return { message: out, mac };
}

/**
 * Checks a signed reply (RFC 8945 section 5.3): its last record is a TSIG record under the key,
 * whose MAC covers the request's MAC, the reply without that record, and the TSIG variables.
 * Returns why it does not verify, or `undefined` when it does.
 */
export function verifyReply(reply: Buffer, requestMac: Buffer, key: TsigKey): string | undefined {
  const keyName = encodeName(key.name.toLowerCase());
  const arcount = reply.readUInt16BE(10);
  const at = reply.lastIndexOf(Buffer.concat([keyName, Buffer.from([0, TYPE_TSIG, 0, CLASS_ANY])]));
  if (arcount === 0 || at < 12) return 'the reply carries no TSIG record of the key';
  const rdataAt = at + keyName.length + 10;
  const rdata = reply.subarray(rdataAt);
  if (rdataAt - 2 < 0 || reply.readUInt16BE(rdataAt - 2) !== rdata.length) return 'its TSIG record is not the last record';
  let p = 0;
  while (p < rdata.length && rdata[p] !== 0) p += rdata[p]! + 1;
  const algorithm = rdata.subarray(0, p + 1);
  const times = rdata.subarray(p + 1, p + 9);
  const macSize = rdata.readUInt16BE(p + 9);
  const mac = rdata.subarray(p + 11, p + 11 + macSize);
  const rest = rdata.subarray(p + 11 + macSize + 2);
  const unsigned = Buffer.from(reply.subarray(0, at));
  unsigned.writeUInt16BE(arcount - 1, 10);
  const size = Buffer.alloc(2);
  size.writeUInt16BE(requestMac.length);
  const expected = createHmac('sha256', Buffer.from(key.secret, 'base64'))
    .update(Buffer.concat([size, requestMac, unsigned, keyName, Buffer.from([0, CLASS_ANY, 0, 0, 0, 0]), algorithm, times, rest]))
    .digest();
  return expected.length === mac.length && timingSafeEqual(expected, mac) ? undefined : 'its TSIG MAC does not verify under the key';
}

/** The TSIG error a reply's TSIG record carries (0 when none or no TSIG record). */
export function tsigError(rdata: Buffer): number {
  // algorithm name, then time (6), fudge (2), MAC size (2), MAC, original id (2), error (2)
  let at = 0;
  while (at < rdata.length && rdata[at] !== 0) at += rdata[at]! + 1;
  at += 1 + 8;
  if (at + 2 > rdata.length) return 0;
  const size = rdata.readUInt16BE(at);
  at += 2 + size + 2;
  return at + 2 <= rdata.length ? rdata.readUInt16BE(at) : 0;
}
