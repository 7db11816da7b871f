import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a node that can be told to stop answering (a hung node whose socket stays open), to drop
 * connections, or to hold a client's requests after a given JSON-RPC call (to make something happen between two).
 */
export interface StallingProxy {
  endpoint: string;
  /** From now on nothing is forwarded either way; connections stay open. */
  stall(): void;
  /** Cut every open connection, like a node restart; new connections are forwarded again. */
  dropConnections(): void;
  /**
   * Forward requests until a client sends one calling `method`; forward that one too, then hold every later request
   * (answers still come back) until `release()`. Resolves with `release` once it holds.
   */
  holdRequestsAfter(method: string): Promise<() => void>;
  close(): Promise<void>;
}

const HTTP_HEADER_END = Buffer.from('\r\n\r\n');

/** The length of the WebSocket frame at the start of `buffer`, or undefined until all of it has arrived. */
function frameLength(buffer: Buffer): number | undefined {
  if (buffer.length < 2) return undefined;
  let length = buffer[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const total = offset + ((buffer[1]! & 0x80) !== 0 ? 4 : 0) + length;
  return buffer.length >= total ? total : undefined;
}

/** A client frame's payload as text (client frames are masked). */
function framePayload(frame: Buffer): string {
  const masked = (frame[1]! & 0x80) !== 0;
  const lengthBits = frame[1]! & 0x7f;
  const offset = lengthBits === 126 ? 4 : lengthBits === 127 ? 10 : 2;
  const payload = Buffer.from(frame.subarray(offset + (masked ? 4 : 0)));
  if (masked) {
    const mask = frame.subarray(offset, offset + 4);
    for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
  }
  return payload.toString('utf8');
}

export async function startStallingProxy(target: string): Promise<StallingProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let stalled = false;
  let hold: { method: string; holding: boolean; onHolding: () => void } | undefined;
  const held: Array<() => void> = [];

  /** Client -> node: the HTTP upgrade as is, then whole WebSocket frames, so requests can be recognised and held. */
  const forwardRequests = (client: Socket, upstream: Socket) => {
    let pending = Buffer.alloc(0);
    let upgraded = false;
    client.on('data', (chunk: Buffer) => {
      if (stalled) return;
      pending = Buffer.concat([pending, chunk]);
      if (!upgraded) {
        const end = pending.indexOf(HTTP_HEADER_END);
        if (end < 0) return;
        upstream.write(pending.subarray(0, end + HTTP_HEADER_END.length));
        pending = pending.subarray(end + HTTP_HEADER_END.length);
        upgraded = true;
      }
      for (let length = frameLength(pending); length !== undefined; length = frameLength(pending)) {
        const frame = pending.subarray(0, length);
        pending = pending.subarray(length);
        if (hold?.holding) {
          held.push(() => upstream.write(frame));
          continue;
        }
        upstream.write(frame);
        if (hold && framePayload(frame).includes(`"method":"${hold.method}"`)) {
          hold.holding = true;
          hold.onHolding();
        }
      }
    });
  };

  const server = createServer((client) => {
    const upstream = createConnection({ host: hostname, port: Number(port) });
    forwardRequests(client, upstream);
    upstream.on('data', (chunk) => {
      if (!stalled) client.write(chunk);
    });
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
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
    holdRequestsAfter: (method) =>
      new Promise((resolve) => {
        const release = () => {
          hold = undefined;
          for (const send of held.splice(0)) send();
        };
        hold = { method, holding: false, onHolding: () => resolve(release) };
      }),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
