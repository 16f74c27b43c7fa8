/**
 * A DNS client for one server on 127.0.0.1: A queries, one try each, with a timeout, and the
 * reply's outcome (answer, NODATA, NXDOMAIN, SERVFAIL, REFUSED) kept apart from no reply at all.
 */
import { promises as dns } from 'node:dns';

/** What a DNS server replied to an A query. */
export type DnsReply =
  | { readonly rcode: 'NOERROR'; readonly addresses: readonly string[] }
  | { readonly rcode: 'NODATA' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED'; readonly addresses: readonly [] };

const NO_ANSWER: Readonly<Record<string, DnsReply['rcode']>> = {
  ENODATA: 'NODATA',
  ENOTFOUND: 'NXDOMAIN',
  ESERVFAIL: 'SERVFAIL',
  EREFUSED: 'REFUSED',
};

/** Queries one DNS server on 127.0.0.1. */
export class DnsClient {
  private readonly resolver: dns.Resolver;

  constructor(
    readonly port: number,
    timeoutMs = 1000,
  ) {
    this.resolver = new dns.Resolver({ timeout: timeoutMs, tries: 1 });
    this.resolver.setServers([`127.0.0.1:${port}`]);
  }

  /** Sends one A query; rejects when the server does not reply (timeout, closed port). */
  async queryA(name: string): Promise<DnsReply> {
    try {
      return { rcode: 'NOERROR', addresses: await this.resolver.resolve4(name) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      const rcode = NO_ANSWER[code];
      if (rcode !== undefined) return { rcode, addresses: [] };
      throw new Error(`DNS server 127.0.0.1:${this.port} gave no reply to ${name} A: ${code || String(error)}`);
    }
  }

  /** Cancels queries in flight. */
  close(): void {
    this.resolver.cancel();
  }
}
