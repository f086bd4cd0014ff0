import type { Logger } from 'pino';
import type { AuditEventStore } from '../store/audit-events.js';
import type { AuditEventRecord } from '../store/records.js';

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

  const writeQueued = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.slice(0, options.batchSize);
      try {
        await store.insertMany(batch);
      } catch (error) {
        if (!failing) logger.error({ err: error, backlog: queue.length }, 'audit events could not be stored; retrying');
        failing = true;
        return;
      }
      if (failing) logger.warn({ backlog: queue.length }, 'audit events are being stored again');
      failing = false;
      queue = queue.slice(batch.length);
    }
  };

  const flush = (): Promise<void> => {
    writing = writing.then(writeQueued).finally(schedule);
    return writing;
  };

  const enqueue = (row: AuditEventRecord): void => {
    queue.push(row);
    const excess = queue.length - options.maxBacklog;
    if (excess > 0) {
      queue = queue.slice(excess);
      options.onDropped?.(excess);
      logger.error({ dropped: excess }, 'audit backlog full: oldest events dropped (they remain in the log)');
    }
  };

  return {
    async write(row) {
      if (options.flushMs === 0 || closed) {
        await store.insertMany([row]);
        return;
      }
      enqueue(row);
      schedule();
    },
    flush,
    backlog: () => queue.length,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await flush();
    },
  };
}
