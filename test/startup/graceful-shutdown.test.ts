import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/database.js';

/** Starts the server as a real process and resolves with its port once it listens. */
function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; exited: Promise<number | null>; databaseUrl: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-drain-'));
  const databaseUrl = `sqlite:${join(dir, 'db.sqlite')}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(__dirname, '..', '..'),
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', PORT: '0', LATCHKEY_DATA_DIR: dir, DATABASE_URL: databaseUrl, ...env },
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
      const port = /"port":(\d+).*Latchkey listening/.exec(out)?.[1];
      if (port) resolve({ child, port: Number(port), exited, databaseUrl });
    });
    child.on('exit', () => reject(new Error(`server exited early: ${out}`)));
  });
}

describe('SIGTERM', () => {
  it('stops accepting, lets an in-flight request finish, writes the queued audit rows, then exits 0', async () => {
    // A flush interval longer than the test: the row can only reach the database through the shutdown.
    const { child, port, exited, databaseUrl } = await startServer({ LATCHKEY_AUDIT_FLUSH_MS: '10000' });
    const socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let response = '';
    socket.on('data', (d) => (response += String(d)));
    const body = 'grant_type=client_credentials';
    const basic = Buffer.from('no-such-client:wrong').toString('base64');
    socket.write(`POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic ${basic}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\ngrant_`);
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    const refused = await new Promise<boolean>((resolve) => {
      const late = connect(port, '127.0.0.1');
      late.once('connect', () => {
        late.destroy();
        resolve(false);
      });
      late.once('error', () => resolve(true));
    });
    socket.write(body.slice('grant_'.length));
    await new Promise((r) => socket.once('close', r));
    expect(refused).toBe(true);
    expect(response).toMatch(/^HTTP\/1\.1 401 /);
    expect(await exited).toBe(0);
    const db = openDatabase(databaseUrl);
    try {
      expect(await db('audit_events').where({ event: 'client.authentication_failed' }).select('outcome')).toEqual([{ outcome: 'failure' }]);
    } finally {
      await db.destroy();
    }
  }, 30_000);

  it('exits after LATCHKEY_SHUTDOWN_GRACE_S even if a request never finishes', async () => {
    const { child, port, exited } = await startServer({ LATCHKEY_SHUTDOWN_GRACE_S: '1' });
    const socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.on('error', () => undefined);
    socket.write('POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nstuck');
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    socket.destroy();
  }, 30_000);
});
