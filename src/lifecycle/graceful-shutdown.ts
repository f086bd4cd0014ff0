import type { Server } from 'node:http';

/**
 * On SIGTERM: stop accepting connections, let in-flight requests finish (at
 * most `graceS` seconds), then run `cleanup` (timers, pool) and exit 0.
 */
export function drainOnSignal(server: Server, graceS: number, cleanup: () => Promise<void>, exit: (code: number) => void = process.exit): void {
  let draining = false;
  const drain = (): void => {
    if (draining) return;
    draining = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, graceS * 1000).unref());
    void Promise.race([closed, deadline])
      .then(() => server.closeAllConnections())
      .then(cleanup)
      .then(
        () => exit(0),
        () => exit(1),
      );
  };
  process.once('SIGTERM', drain);
  process.once('SIGINT', drain);
}
