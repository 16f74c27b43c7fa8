/**
 * A port on 127.0.0.1 that is free right now for TCP (and for UDP when asked). Another process
 * may still take it before the caller binds it; callers that start servers retry on that.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/** Picks a free loopback port; `udp` also requires the UDP port to be free (DNS needs both). */
export async function freePort(options: { readonly udp?: boolean } = {}): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freeTcpPort();
    if (!options.udp || (await udpFree(port))) return port;
  }
  throw new Error('no free port on 127.0.0.1 after 20 tries');
}

function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}
