import type { Logger } from 'pino';
import type { AuditEventStore } from '../store/audit-events.js';
import type { AuditEventRecord } from '../domain/records.js';

/** How {@link AuditWriter} batches rows. */
export interface AuditWriterOptions {
  /** Longest a row waits before it is written; 0 writes each row before `write` resolves. */
  readonly flushMs: number;
  /** Rows kept while the database cannot take them; beyond this the oldest are dropped (and counted). */
  readonly maxBacklog: number;
  /** Rows in one INSERT statement. */
  readonly batchSize: number;
  /** Called with the number of rows dropped because the backlog was full. */
  readonly onDropped?: (count: number) => void;
}

/** Writes audit rows to the database, in batches unless `flushMs` is 0. */
export interface AuditWriter {
  /** Queues a row (or, with `flushMs` 0, stores it before resolving). */
  write(row: AuditEventRecord): Promise<void>;
  /** Stores every queued row now. Never rejects: a failed write is logged, and the rows wait for the next try. */
  flush(): Promise<void>;
  /** Rows waiting to be stored. */
  backlog(): number;
  /** Flushes and stops the timer; rows written afterwards are stored at once. */
  close(): Promise<void>;
}

export const defaultAuditWriterLimits = { maxBacklog: 10_000, batchSize: 500 } as const;

/**
 * Batches audit rows into multi-row INSERTs: one statement and one commit for many token responses
 * instead of one each. A row waits at most `flushMs`; on a database error the rows stay queued and are
 * retried on the next tick, up to `maxBacklog` rows.
 */
export function createAuditWriter(store: AuditEventStore, logger: Logger, options: AuditWriterOptions): AuditWriter {
  let queue: AuditEventRecord[] = [];
  let inFlight = 0;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let failing = false;
  let closed = false;

  const schedule = (): void => {
    if (timer || closed || queue.length === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, options.flushMs);
    timer.unref();
  };

  /** Keeps the newest `maxBacklog` rows waiting (counting a batch being written). */
  const dropOldestBeyondBound = (): void => {
    const excess = queue.length + inFlight - options.maxBacklog;
    if (excess <= 0) return;
    queue = queue.slice(excess);
    options.onDropped?.(excess);
    logger.error({ dropped: excess }, 'audit backlog full: oldest events dropped (they remain in the log)');
  };

  const writeQueued = async (): Promise<void> => {
    while (queue.length > 0) {
      // The batch leaves the queue while it is written, so rows queued or dropped meanwhile cannot shift it.
      const batch = queue.splice(0, options.batchSize);
      inFlight = batch.length;
      try {
        await store.insertMany(batch);
      } catch (error) {
        inFlight = 0;
        queue = [...batch, ...queue];
        dropOldestBeyondBound();
        if (!failing) logger.error({ err: error, backlog: queue.length }, 'audit events could not be stored; retrying');
        failing = true;
        return;
      }
      inFlight = 0;
      if (failing) logger.warn({ backlog: queue.length }, 'audit events are being stored again');
      failing = false;
    }
  };

  const flush = (): Promise<void> => {
    writing = writing.then(writeQueued).finally(schedule);
    return writing;
  };

  return {
    async write(row) {
      if (options.flushMs === 0 || closed) {
        await store.insertMany([row]);
        return;
      }
      queue.push(row);
      dropOldestBeyondBound();
      schedule();
    },
    flush,
    backlog: () => queue.length + inFlight,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await flush();
    },
  };
}
