/**
 * A DNS client for one authoritative server: queries (no recursion, no cache) and RFC 2136
 * updates, TSIG-signed when a key is given. Replies are decoded by dns-packet and checked to
 * answer what was asked; the response code is returned for the caller to judge.
 */
import { randomInt } from 'node:crypto';
import { decodeMessage, encodeQuery, type DecodedPacket } from './packet-codec.js';
import { signed, tsigError, TSIG_ERRORS, verifyReply, type TsigKey } from './tsig.js';
import { DnsTransport, DnsUnreachable, serverText, type ServerAddress } from './transport.js';
import { encodeUpdate, type Prerequisite, type Update } from './update-message.js';

/** One record of an answer section, as far as dnsplan reads it. */
export type AnswerRecord =
  | { readonly type: 'A'; readonly name: string; readonly address: string }
  | { readonly type: 'CNAME'; readonly name: string; readonly target: string }
  | { readonly type: 'TXT'; readonly name: string; readonly text: string[] }
  | { readonly type: 'other'; readonly name: string; readonly rrtype: string };

/** A server's reply to a query. */
export interface QueryReply {
  readonly rcode: string;
  readonly answers: readonly AnswerRecord[];
  readonly authoritative: boolean;
}

/** A server's reply to an update: its response code, and the TSIG error when the key was refused. */
export interface UpdateReply {
  readonly rcode: string;
  readonly tsigError?: string;
}

/** The DNS client of one server. */
export class DnsClient {
  readonly transport: DnsTransport;
  private nextId = randomInt(0, 65536);

  constructor(
    readonly server: ServerAddress,
    readonly options: { readonly timeoutMs?: number; readonly tsig?: TsigKey } = {},
  ) {
    this.transport = new DnsTransport(server, options.timeoutMs ?? 2000);
  }

  get text(): string {
    return serverText(this.server);
  }

  /** Asks for (name, type); rejects with {@link DnsUnreachable} when the server gives no usable reply. */
  async query(name: string, type: 'A' | 'CNAME' | 'TXT' | 'SOA'): Promise<QueryReply> {
    const id = this.id();
    const what = `${name} ${type}`;
    const reply = this.decode(await this.transport.exchange(encodeQuery(id, name, type), what), id, what);
    return { rcode: rcodeOf(reply), answers: (reply.answers ?? []).map(answerRecord), authoritative: reply.flag_aa === true };
  }

  /** Sends one UPDATE of `zone`: it commits whole when every prerequisite holds, else not at all. */
  async update(zone: string, prerequisites: readonly Prerequisite[], updates: readonly Update[], what: string): Promise<UpdateReply> {
    const id = this.id();
    const unsigned = encodeUpdate(id, zone, prerequisites, updates);
    const key = this.options.tsig;
    const request = key === undefined ? { message: unsigned, mac: undefined } : signed(unsigned, key);
    const raw = await this.transport.exchange(request.message, what);
    const reply = this.decode(raw, id, what);
    const tsig = (reply.additionals ?? []).find((r) => r.type === 'TSIG') as { data?: unknown } | undefined;
    const code = tsig !== undefined && Buffer.isBuffer(tsig.data) ? tsigError(tsig.data) : 0;
    if (code !== 0) return { rcode: rcodeOf(reply), tsigError: TSIG_ERRORS[code] ?? `TSIG error ${code}` };
    if (key !== undefined && request.mac !== undefined && rcodeOf(reply) !== 'NOTAUTH') {
      const why = verifyReply(raw, request.mac, key);
      if (why !== undefined) throw new DnsUnreachable(`DNS server ${this.text} sent a reply to ${what} that cannot be trusted: ${why}`);
    }
    return { rcode: rcodeOf(reply) };
  }

  close(): void {
    this.transport.close();
  }

  private id(): number {
    this.nextId = (this.nextId + 1) & 0xffff;
    return this.nextId;
  }

  private decode(buf: Buffer, id: number, what: string): DecodedPacket {
    let reply: DecodedPacket;
    try {
      reply = decodeMessage(buf);
    } catch (error) {
      throw new DnsUnreachable(`DNS server ${this.text} sent a malformed reply to ${what}: ${(error as Error).message}`);
    }
    if (reply.id !== id || reply.type !== 'response') throw new DnsUnreachable(`DNS server ${this.text} sent a reply to another question than ${what}`);
    return reply;
  }
}

/** The reply's response code by name, e.g. `NXDOMAIN` (dns-packet decodes it; its types omit it). */
function rcodeOf(reply: DecodedPacket): string {
  return (reply as { rcode?: string }).rcode ?? 'UNKNOWN';
}

function answerRecord(r: NonNullable<DecodedPacket['answers']>[number]): AnswerRecord {
  const name = r.name.toLowerCase();
  if (r.type === 'A' && typeof r.data === 'string') return { type: 'A', name, address: r.data };
  if (r.type === 'CNAME' && typeof r.data === 'string') return { type: 'CNAME', name, target: r.data.toLowerCase() };
  if (r.type === 'TXT') {
    const parts = Array.isArray(r.data) ? r.data : [r.data];
    return { type: 'TXT', name, text: parts.map((p) => (Buffer.isBuffer(p) ? p.toString('utf8') : String(p))) };
  }
  return { type: 'other', name, rrtype: r.type };
}
