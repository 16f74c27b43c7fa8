/**
 * The zone as dnsplan's backends read and change it: every query and update goes to one
 * server, and every answer that is not what the harness can work with (SERVFAIL, REFUSED,
 * NOTAUTH, a refused key, no reply) becomes an {@link Rfc2136Error} of one sentence naming the
 * server, the name and the response code.
 */
import { DnsClient, type AnswerRecord, type QueryReply } from './client.js';
import type { TsigKey } from './tsig.js';
import { DnsUnreachable, type ServerAddress } from './transport.js';
import type { Prerequisite, Update } from './update-message.js';

/**
 * A backend operation that failed; `happened` says whether it certainly did not take effect.
 * It is the environment's failure (the server's), never the enactor's protocol.
 */
export class Rfc2136Error extends Error {
  readonly details: { readonly happened: 'no' | 'unknown'; readonly rcode?: string; readonly environment: true };

  constructor(message: string, happened: 'no' | 'unknown', rcode?: string) {
    super(message);
    this.name = 'Rfc2136Error';
    this.details = { happened, environment: true, ...(rcode === undefined ? {} : { rcode }) };
  }
}

/** Where the zone is served and how updates are signed. */
export interface ZoneOptions {
  readonly server: ServerAddress;
  readonly zone: string;
  readonly tsig?: TsigKey;
  /** Per query or update; 2000 ms when not given. */
  readonly timeoutMs?: number;
}

/** The answer of a query the caller can use: NOERROR (with or without records) or NXDOMAIN. */
export interface Answer {
  readonly rcode: 'NOERROR' | 'NXDOMAIN';
  readonly records: readonly AnswerRecord[];
}

/** Queries and updates of one zone on one server. */
export class ZoneClient {
  readonly client: DnsClient;

  constructor(readonly options: ZoneOptions) {
    this.client = new DnsClient(options.server, {
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.tsig === undefined ? {} : { tsig: options.tsig }),
    });
  }

  get server(): string {
    return this.client.text;
  }

  /** Asks for (name, type); anything but NOERROR or NXDOMAIN from an authoritative server is an error. */
  async query(name: string, type: 'A' | 'CNAME' | 'TXT'): Promise<Answer> {
    let reply: QueryReply;
    try {
      reply = await this.client.query(name, type);
    } catch (error) {
      if (error instanceof DnsUnreachable) throw new Rfc2136Error(error.message, 'no');
      throw error;
    }
    if (reply.rcode !== 'NOERROR' && reply.rcode !== 'NXDOMAIN') {
      const why = reply.rcode === 'REFUSED' ? ` (is zone ${this.options.zone} served there?)` : '';
      throw new Rfc2136Error(`DNS server ${this.server} answered ${name} ${type} with ${reply.rcode}${why}`, 'no', reply.rcode);
    }
    if (!reply.authoritative) {
      throw new Rfc2136Error(`DNS server ${this.server} is not authoritative for ${name} (zone ${this.options.zone} is not served there)`, 'no', reply.rcode);
    }
    return { rcode: reply.rcode, records: reply.answers };
  }

  /**
   * Sends one UPDATE. Resolves `true` when it committed, `false` when a prerequisite failed
   * (NXRRSET, YXRRSET, NXDOMAIN, YXDOMAIN: nothing changed); any other outcome is an error.
   */
  async update(prerequisites: readonly Prerequisite[], updates: readonly Update[], what: string): Promise<boolean> {
    let reply;
    try {
      reply = await this.client.update(this.options.zone, prerequisites, updates, what);
    } catch (error) {
      if (error instanceof DnsUnreachable) throw new Rfc2136Error(`${error.message} (the update may have been applied)`, 'unknown');
      throw error;
    }
    if (reply.rcode === 'NOERROR') return true;
    if (['NXRRSET', 'YXRRSET', 'NXDOMAIN', 'YXDOMAIN'].includes(reply.rcode) && prerequisites.length > 0) return false;
    const key = this.options.tsig === undefined ? 'unsigned' : `signed with key ${this.options.tsig.name}`;
    const tsig = reply.tsigError === undefined ? '' : `, TSIG ${reply.tsigError}`;
    const hint =
      reply.rcode === 'NOTAUTH' || reply.rcode === 'NOTZONE'
        ? ` (is ${this.options.zone} a primary zone there?)`
        : reply.rcode === 'REFUSED'
          ? ' (does the zone allow updates with this key? see dnsplan rfc2136 config)'
          : '';
    throw new Rfc2136Error(`DNS server ${this.server} refused the update (${what}) in zone ${this.options.zone}, ${key}: ${reply.rcode}${tsig}${hint}`, 'no', reply.rcode);
  }

  close(): void {
    this.client.close();
  }
}
