import { createServer, connect, type Server, type Socket } from 'node:net';

/** A TCP proxy in front of a database that a test can take down and bring back. */
export interface TcpProxy {
  /** The port it listens on; the same after `up()`. */
  readonly port: number;
  /** The database "goes away": open connections are cut and new ones refused. */
  down(): Promise<void>;
  /** The database is back on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Forwards 127.0.0.1:<port> to `target`. Cutting the proxy makes a server's pool see
 * exactly what an outage looks like (reset connections, then ECONNREFUSED) without
 * stopping the cluster that other test files share.
 *
 * @example const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 }); await proxy.down();
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer((inbound) => {
        const outbound = connect(target.port, target.host);
        for (const socket of [inbound, outbound]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {});
        }
        inbound.pipe(outbound).pipe(inbound);
        inbound.on('close', () => outbound.destroy());
        outbound.on('close', () => inbound.destroy());
      });
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        port = (next.address() as { port: number }).port;
        server = next;
        resolve();
      });
    });

  const down = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = null;
    });

  await listen();
  return {
    get port() {
      return port;
    },
    down,
    up: listen,
    close: down,
  };
}
