import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Knex } from 'knex';
import { createLogger } from '../../../src/logging.js';
import { type AuditWriter, type AuditWriterOptions, createAuditWriter } from '../../../src/services/audit-writer.js';
import { knexAuditEventStore } from '../../../src/store/audit-events.js';
import { openDatabase } from '../../../src/store/database.js';
import { migrateToLatest } from '../../../src/store/migrate.js';
import type { AuditEventRecord } from '../../../src/domain/records.js';

let db: Knex;
let inserts: number;
const logLines: string[] = [];
const logger = createLogger(
  'warn',
  new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
);

beforeAll(async () => {
  db = openDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), 'latchkey-audit-')), 'audit.sqlite')}`);
  await migrateToLatest(db);
  db.on('query', (query: { sql: string }) => {
    if (/^insert into [`"]audit_events[`"]/i.test(query.sql)) inserts += 1;
  });
});
afterAll(() => db.destroy());
beforeEach(async () => {
  await db('audit_events').delete();
  inserts = 0;
  logLines.length = 0;
});

let sequence = 0;
const row = (): AuditEventRecord => {
  sequence += 1;
  return { at: Date.now(), event: 'token.issued', outcome: 'success', clientId: 'c', subject: `s${sequence}`, ip: '127.0.0.1', requestId: `r${sequence}`, detail: { n: sequence } };
};
const stored = async (): Promise<string[]> => (await db('audit_events').select('subject').orderBy('id')).map((r: { subject: string }) => r.subject);
const writer = (options: Partial<AuditWriterOptions> = {}): AuditWriter =>
  createAuditWriter(knexAuditEventStore(db), logger, { flushMs: 60_000, maxBacklog: 100, batchSize: 50, ...options });
const withTableAway = async (run: () => Promise<void>): Promise<void> => {
  await db.schema.renameTable('audit_events', 'audit_events_away');
  try {
    await run();
  } finally {
    await db.schema.renameTable('audit_events_away', 'audit_events');
  }
};

describe('the audit writer', () => {
  it('queues rows and stores them in one INSERT, in order, when flushed', async () => {
    const w = writer();
    const rows = [row(), row(), row()];
    for (const r of rows) await w.write(r);
    expect(w.backlog()).toBe(3);
    expect(await stored()).toEqual([]);
    await w.flush();
    expect(await stored()).toEqual(rows.map((r) => r.subject));
    expect(inserts).toBe(1);
    expect(w.backlog()).toBe(0);
    await w.close();
  });

  it('writes on its own within flushMs', async () => {
    const w = writer({ flushMs: 20 });
    const r = row();
    await w.write(r);
    for (let waited = 0; waited < 2000 && w.backlog() > 0; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await stored()).toEqual([r.subject]);
    await w.close();
  });

  it('splits a large backlog into statements of batchSize rows', async () => {
    const w = writer({ batchSize: 4 });
    for (let i = 0; i < 10; i++) await w.write(row());
    await w.flush();
    expect(inserts).toBe(3);
    expect(await stored()).toHaveLength(10);
    await w.close();
  });

  it('with flushMs 0 stores each row before write resolves, and fails the write when the database does', async () => {
    const w = writer({ flushMs: 0 });
    const r = row();
    await w.write(r);
    expect(await stored()).toEqual([r.subject]);
    await withTableAway(async () => {
      // Compared as text: an error from the native driver need not be an instance of this realm's Error.
      const outcome = await w.write(row()).then(() => 'stored', (error: unknown) => `refused: ${String(error)}`);
      expect(outcome).toMatch(/^refused: .*no such table: audit_events/);
    });
    await w.close();
  });

  it('keeps rows through a database failure, logs it once, and stores them when the database is back', async () => {
    const w = writer();
    const rows = [row(), row()];
    await withTableAway(async () => {
      for (const r of rows) await w.write(r);
      await w.flush();
      await w.flush();
      expect(w.backlog()).toBe(2);
    });
    expect(logLines.filter((l) => l.includes('audit events could not be stored'))).toHaveLength(1);
    await w.flush();
    expect(await stored()).toEqual(rows.map((r) => r.subject));
    expect(logLines.some((l) => l.includes('audit events are being stored again'))).toBe(true);
    await w.close();
  });

  it('drops the oldest rows beyond maxBacklog, counts them and says so', async () => {
    const dropped: number[] = [];
    const w = writer({ maxBacklog: 3, onDropped: (n) => dropped.push(n) });
    const rows = [row(), row(), row(), row(), row()];
    await withTableAway(async () => {
      for (const r of rows) await w.write(r);
    });
    expect(dropped).toEqual([1, 1]);
    expect(logLines.filter((l) => l.includes('audit backlog full'))).toHaveLength(2);
    await w.flush();
    expect(await stored()).toEqual(rows.slice(2).map((r) => r.subject));
    await w.close();
  });

  it('counts a batch being written against maxBacklog and never loses or double-counts a row queued meanwhile', async () => {
    const dropped: number[] = [];
    // batchSize 2: a and b go out together whether or not c is queued before the write starts.
    const w = writer({ maxBacklog: 3, batchSize: 2, onDropped: (n) => dropped.push(n) });
    const [a, b, c, d] = [row(), row(), row(), row()];
    await w.write(a);
    await w.write(b);
    const writingAB = w.flush();
    await w.write(c);
    await w.write(d);
    expect(w.backlog()).toBe(3);
    await writingAB;
    await w.flush();
    expect(await stored()).toEqual([a, b, d].map((r) => r.subject));
    expect(dropped).toEqual([1]);
    expect(w.backlog()).toBe(0);
    await w.close();
  });

  it('close() stores what is queued, and later rows are stored at once', async () => {
    const w = writer();
    const before = row();
    await w.write(before);
    await w.close();
    expect(await stored()).toEqual([before.subject]);
    const after = row();
    await w.write(after);
    expect(await stored()).toEqual([before.subject, after.subject]);
  });
});
