/**
 * Exchanges DNS messages with one server: over UDP first, over TCP when the UDP reply is
 * truncated (TC) or the message is too large for UDP. Every exchange has a timeout; a server
 * that does not answer, or refuses the connection, is an error naming it.
 */
import { createSocket, type Socket } from 'node:dgram';
import { connect } from 'node:net';

const UDP_LIMIT = 512;
const FLAG_TC = 0x0200;

/** No usable reply from the server (timeout, connection refused, a reply cut short). */
export class DnsUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DnsUnreachable';
  }
}

/** Where a DNS server is: 127.0.0.1 (or another literal address) and a port. */
export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

/** The server as `HOST:PORT`. */
export function serverText(s: ServerAddress): string {
  return `${s.host}:${s.port}`;
}

/** Talks to one DNS server; `close` releases its socket. */
export class DnsTransport {
  private udp: Socket | undefined;
  private readonly pending = new Map<number, (reply: Buffer) => void>();
  /** How many exchanges went over TCP after a truncated UDP reply. */
  tcpFallbacks = 0;

  constructor(
    readonly server: ServerAddress,
    readonly timeoutMs = 2000,
  ) {}

  /** Sends `message` (whose first two bytes are its id) and resolves with the reply. */
  async exchange(message: Buffer, what: string): Promise<Buffer> {
    if (message.length > UDP_LIMIT) return this.overTcp(message, what);
    const reply = await this.overUdp(message, what);
    if ((reply.readUInt16BE(2) & FLAG_TC) === 0) return reply;
    this.tcpFallbacks++;
    return this.overTcp(message, what);
  }

  close(): void {
    this.udp?.close();
    this.udp = undefined;
    for (const settle of this.pending.values()) settle(Buffer.alloc(0));
    this.pending.clear();
  }

  private socket(): Socket {
    if (this.udp !== undefined) return this.udp;
    const socket = createSocket('udp4');
    socket.on('message', (reply) => {
      if (reply.length < 12) return;
      const settle = this.pending.get(reply.readUInt16BE(0));
      settle?.(reply);
    });
    socket.on('error', () => undefined);
    socket.unref();
    this.udp = socket;
    return socket;
  }

  private overUdp(message: Buffer, what: string): Promise<Buffer> {
    const id = message.readUInt16BE(0);
    const socket = this.socket();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new DnsUnreachable(`DNS server ${serverText(this.server)} gave no reply to ${what} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        this.pending.delete(id);
        if (reply.length === 0) reject(new DnsUnreachable(`DNS client of ${serverText(this.server)} closed while waiting for ${what}`));
        else resolve(reply);
      });
      socket.send(message, this.server.port, this.server.host, (error) => {
        if (error === null || error === undefined) return;
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new DnsUnreachable(`DNS server ${serverText(this.server)}: cannot send ${what}: ${error.message}`));
      });
    });
  }

  private overTcp(message: Buffer, what: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.server.host, port: this.server.port });
      const chunks: Buffer[] = [];
      let size = 0;
      const fail = (why: string) => {
        socket.destroy();
        reject(new DnsUnreachable(`DNS server ${serverText(this.server)} over TCP: ${why} (${what})`));
      };
      socket.setTimeout(this.timeoutMs, () => fail(`no reply within ${this.timeoutMs} ms`));
      socket.once('error', (error) => fail(error.message));
      socket.once('connect', () => {
        const length = Buffer.alloc(2);
        length.writeUInt16BE(message.length);
        socket.write(Buffer.concat([length, message]));
      });
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        const all = Buffer.concat(chunks, size);
        if (all.length >= 2 && all.length >= 2 + all.readUInt16BE(0)) {
          socket.destroy();
          resolve(all.subarray(2, 2 + all.readUInt16BE(0)));
        }
      });
      socket.once('end', () => fail('the connection closed before a whole reply'));
    });
  }
}
