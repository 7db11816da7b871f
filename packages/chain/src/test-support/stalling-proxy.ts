import { createConnection, createServer, type Socket } from 'node:net';

/** A TCP proxy in front of a node that can be told to stop answering (a hung node whose socket stays open) or to drop connections. */
export interface StallingProxy {
  endpoint: string;
  /** From now on nothing is forwarded either way; connections stay open. */
  stall(): void;
  /** Cut every open connection, like a node restart; new connections are forwarded again. */
  dropConnections(): void;
  close(): Promise<void>;
}

export async function startStallingProxy(target: string): Promise<StallingProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let stalled = false;
  const server = createServer((client) => {
    const upstream = createConnection({ host: hostname, port: Number(port) });
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
      from.on('data', (chunk) => {
        if (!stalled) to.write(chunk);
      });
      from.on('error', () => to.destroy());
      from.on('close', () => {
        sockets.delete(from);
        to.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no TCP address');
  return {
    endpoint: `ws://127.0.0.1:${address.port}`,
    stall: () => {
      stalled = true;
    },
    dropConnections: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
