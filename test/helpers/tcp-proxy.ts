import { createServer, type Server, type Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A loopback TCP proxy a test can cut and restore, to simulate a database outage. */
export interface TcpProxy {
  readonly port: number;
  /** Drops every open connection and refuses new ones. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/** A plain cuttable proxy: the inspecting one, never armed. */
export function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  return startInspectingTcpProxy(targetPort, targetHost);
}

/**
 * A {@link TcpProxy} that can also cut at a chosen point of a conversation: it
 * inspects every chunk the client sends and, when an armed predicate matches,
 * cuts every connection (and refuses new ones until {@link TcpProxy.restore}).
 */
export interface InspectingTcpProxy extends TcpProxy {
  /**
   * Arms a one-shot cut: the first client->server chunk for which `predicate`
   * is true triggers {@link TcpProxy.cut}. With `when: 'before'` (default) the
   * matching chunk is dropped, so the server never sees it; with `'after'` it is
   * forwarded and the connections are cut when the server's answer arrives, which
   * is dropped: the server executed the statement but the client never hears so. Resolves once the cut happened.
   */
  cutWhen(predicate: (chunk: Buffer) => boolean, when?: 'before' | 'after'): Promise<void>;
}

/** SQL text as compared: lower case, without identifier quotes (MySQL's backticks, PostgreSQL's double quotes). */
const comparable = (sql: string): string => sql.toLowerCase().replace(/[`"]/g, '');

/**
 * True when `chunk` holds a MySQL COM_QUERY packet (3-byte little-endian length, 1-byte sequence id,
 * command 0x03, SQL text) whose SQL text contains `sql`. Packets are walked one by one through the chunk.
 */
function mysqlQueryContains(chunk: Buffer, wanted: string): boolean {
  for (let at = 0; at + 5 <= chunk.length; ) {
    const length = chunk.readUIntLE(at, 3);
    const end = Math.min(at + 4 + length, chunk.length);
    if (chunk[at + 4] === 0x03 && comparable(chunk.subarray(at + 5, end).toString('utf8')).includes(wanted)) return true;
    if (length === 0) break;
    at += 4 + length;
  }
  return false;
}

/**
 * True when `chunk` holds a PostgreSQL frontend message carrying SQL text that contains `sql`: a simple
 * Query (`Q`, the text) or a Parse (`P`, the statement name, then the text). Each message is a type byte
 * and a 4-byte big-endian length that counts itself; they are walked one by one through the chunk.
 */
function postgresQueryContains(chunk: Buffer, wanted: string): boolean {
  for (let at = 0; at + 5 <= chunk.length; ) {
    const type = chunk[at];
    const length = chunk.readUInt32BE(at + 1);
    if (length < 4) break;
    const body = chunk.subarray(at + 5, Math.min(at + 1 + length, chunk.length));
    const text = type === 0x51 ? body : type === 0x50 ? body.subarray(body.indexOf(0) + 1) : undefined;
    if (text && comparable(text.toString('utf8')).includes(wanted)) return true;
    at += 1 + length;
  }
  return false;
}

/**
 * True when `chunk` sends the server a statement whose SQL text contains `sql`, case-insensitive and
 * ignoring identifier quotes, so that `insert into refresh_tokens` matches on MySQL and on PostgreSQL.
 */
export function queryContains(chunk: Buffer, sql: string): boolean {
  const wanted = comparable(sql);
  return mysqlQueryContains(chunk, wanted) || postgresQueryContains(chunk, wanted);
}

export async function startInspectingTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<InspectingTcpProxy> {
  const sockets = new Set<Socket>();
  let down = false;
  let armed: { predicate: (chunk: Buffer) => boolean; when: 'before' | 'after'; fired: () => void } | undefined;
  const cut = (): void => {
    down = true;
    for (const s of sockets) s.destroy();
  };
  const server: Server = createServer((inbound) => {
    if (down) {
      inbound.destroy();
      return;
    }
    const outbound = connect(targetPort, targetHost);
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    // After a forwarded match ('after'), the server's next answer is dropped and the connections cut.
    let awaitingReply: (() => void) | undefined;
    inbound.on('data', (chunk: Buffer) => {
      const hook = armed;
      if (hook && hook.predicate(chunk)) {
        armed = undefined;
        const fire = (): void => {
          cut();
          hook.fired();
        };
        if (hook.when === 'after') {
          awaitingReply = fire;
          outbound.write(chunk);
        } else fire();
        return;
      }
      if (!outbound.write(chunk)) inbound.pause();
    });
    outbound.on('drain', () => inbound.resume());
    outbound.on('data', (chunk: Buffer) => {
      if (awaitingReply) return awaitingReply();
      if (!inbound.write(chunk)) outbound.pause();
    });
    inbound.on('drain', () => outbound.resume());
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut,
    restore() {
      down = false;
    },
    cutWhen(predicate, when = 'before') {
      return new Promise<void>((fired) => {
        armed = { predicate, when, fired };
      });
    },
    async close() {
      armed = undefined;
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
