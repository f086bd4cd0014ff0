import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The message a benchmark server child sends its parent once it listens. */
export interface ReadyMessage {
  type: 'ready';
  port: number;
  info: Record<string, unknown>;
}

/** Listens on 127.0.0.1 only and tells the parent (over the IPC channel) which port. */
export async function listenAndAnnounce(server: Server, port: number, info: Record<string, unknown> = {}): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const message: ReadyMessage = { type: 'ready', port: (server.address() as AddressInfo).port, info };
  if (process.send) process.send(message);
  else process.stdout.write(`ready ${JSON.stringify(message)}\n`);
}

/**
 * Stops cleanly on SIGTERM/SIGINT or when the parent goes away: closes the server and
 * every connection, waits `drainMs`, runs `cleanup`, then exits so that `--cpu-prof` profiles get written.
 */
export function stopOnSignal(server: Server, cleanup: () => Promise<void> = async () => undefined, drainMs = 0): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), drainMs + 5_000).unref();
    server.close();
    server.closeAllConnections();
    // Handlers of requests whose sockets were just closed may still be running (e.g. queued
    // argon2 verifications); let them finish before the database pool goes away.
    new Promise((resolve) => setTimeout(resolve, drainMs))
      .then(cleanup)
      .catch((error: unknown) => process.stderr.write(`cleanup failed: ${String(error)}\n`))
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('disconnect', stop);
}

/** A call from the parent to a running child (e.g. "mint authorization codes"), answered by a {@link ReplyMessage}. */
export interface RequestMessage {
  type: 'request';
  id: number;
  method: string;
  params: unknown;
}

export interface ReplyMessage {
  type: 'reply';
  id: number;
  result?: unknown;
  error?: string;
}

/** In a child: answers the parent's requests with `handlers[method](params)`. */
export function answerRequests(handlers: Record<string, (params: unknown) => Promise<unknown>>): void {
  process.on('message', (message: unknown) => {
    const request = message as RequestMessage;
    if (request?.type !== 'request' || !process.send) return;
    const handler = handlers[request.method];
    const reply = (body: Omit<ReplyMessage, 'type' | 'id'>): void => void process.send?.({ type: 'reply', id: request.id, ...body } satisfies ReplyMessage);
    if (!handler) {
      reply({ error: `unknown method ${request.method}` });
      return;
    }
    handler(request.params).then(
      (result) => reply({ result }),
      (error: unknown) => reply({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
}
