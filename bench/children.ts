// Child-process management for the benchmark: every server runs as `node --import tsx FILE`
// in its own process group (optionally pinned to a CPU core with taskset), is tracked by pid,
// and is killed at the end whatever happens.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import type { ReadyMessage, ReplyMessage, RequestMessage } from './child-ipc.js';

export const repoRoot = resolve(__dirname, '..');

/** A running server child. */
export interface Child {
  readonly name: string;
  readonly proc: ChildProcess;
  readonly port: number;
  readonly info: Record<string, unknown>;
}

const live = new Set<ChildProcess>();

function tasksetPath(): string | undefined {
  return ['/usr/bin/taskset', '/bin/taskset'].find((p) => existsSync(p));
}

/** Pins every thread of this process to `core`; returns false when that is not possible. */
export function pinSelf(core: number): boolean {
  const taskset = tasksetPath();
  if (!taskset) return false;
  try {
    execFileSync(taskset, ['-a', '-cp', String(core), String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function canPin(): boolean {
  return tasksetPath() !== undefined;
}

/** A free TCP port on 127.0.0.1 (for servers whose issuer URL must name the port up front). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Forwards the first lines a child prints, prefixed, then only counts the rest. */
function forward(name: string, stream: NodeJS.ReadableStream | null): void {
  if (!stream) return;
  let shown = 0;
  let suppressed = 0;
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      if (shown < 15) {
        shown++;
        process.stderr.write(`  [${name}] ${line.length > 300 ? `${line.slice(0, 300)}...` : line}\n`);
      } else {
        suppressed++;
      }
    }
  });
  stream.on('end', () => {
    if (suppressed) process.stderr.write(`  [${name}] (${suppressed} more output lines not shown)\n`);
  });
}

export interface StartOptions {
  /** CPU core to pin the child to (taskset -c); undefined: no pinning. */
  core?: number;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  startTimeoutMs?: number;
}

/** Spawns `node --import tsx script` and waits for its ready message (with the port it listens on). */
export async function startChild(name: string, script: string, env: NodeJS.ProcessEnv, options: StartOptions = {}): Promise<Child> {
  const nodeArgs = [...(options.nodeArgs ?? []), '--import', 'tsx', resolve(repoRoot, script)];
  const taskset = options.core === undefined ? undefined : tasksetPath();
  const [command, args] = taskset ? [taskset, ['-c', String(options.core), process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const proc = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: true });
  live.add(proc);
  proc.once('exit', () => live.delete(proc));
  forward(name, proc.stdout);
  forward(name, proc.stderr);
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  return new Promise<Child>((resolveChild, reject) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start within ${timeoutMs} ms`)), timeoutMs);
    const onExit = (code: number | null, signal: string | null): void => fail(new Error(`${name} exited during start-up (code ${code}, signal ${signal})`));
    const onMessage = (message: unknown): void => {
      const ready = message as ReadyMessage;
      if (ready?.type !== 'ready') return;
      cleanup();
      resolveChild({ name, proc, port: ready.port, info: ready.info });
    };
    function cleanup(): void {
      clearTimeout(timer);
      proc.off('exit', onExit);
      proc.off('message', onMessage);
    }
    function fail(error: Error): void {
      cleanup();
      killGroup(proc, 'SIGKILL');
      reject(error);
    }
    proc.on('exit', onExit);
    proc.on('message', onMessage);
  });
}

let nextRequestId = 1;

/** Calls a method the child serves with `answerRequests` (bench/child-ipc.ts) and waits for its answer. */
export async function requestChild<T>(child: Child, method: string, params: unknown, timeoutMs = 300_000): Promise<T> {
  const { proc } = child;
  const id = nextRequestId++;
  return new Promise<T>((resolveReply, reject) => {
    const timer = setTimeout(() => done(new Error(`${child.name}: no answer to ${method} within ${timeoutMs} ms`)), timeoutMs);
    const onExit = (code: number | null, signal: string | null): void => done(new Error(`${child.name} exited during ${method} (code ${code}, signal ${signal})`));
    const onMessage = (message: unknown): void => {
      const reply = message as ReplyMessage;
      if (reply?.type !== 'reply' || reply.id !== id) return;
      if (reply.error !== undefined) done(new Error(`${child.name} ${method}: ${reply.error}`));
      else done(undefined, reply.result as T);
    };
    function done(error: Error | undefined, result?: T): void {
      clearTimeout(timer);
      proc.off('exit', onExit);
      proc.off('message', onMessage);
      if (error) reject(error);
      else resolveReply(result as T);
    }
    proc.on('exit', onExit);
    proc.on('message', onMessage);
    const request: RequestMessage = { type: 'request', id, method, params };
    proc.send(request, (error) => {
      if (error) done(error);
    });
  });
}

function killGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
  try {
    process.kill(-proc.pid, signal); // the whole process group (detached: the child leads it)
  } catch {
    try {
      proc.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** SIGTERM (a clean exit writes --cpu-prof profiles), then SIGKILL after `graceMs`. */
export async function stopChild(child: Child, graceMs = 10_000): Promise<void> {
  const { proc } = child;
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((done) => proc.once('exit', () => done()));
  killGroup(proc, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((done) => (timer = setTimeout(() => done('timeout'), graceMs)));
  if ((await Promise.race([exited, timedOut])) === 'timeout') {
    killGroup(proc, 'SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}

/** Last resort (process exit, signals): SIGKILL every child still alive. Synchronous. */
export function killAllChildren(): void {
  for (const proc of live) killGroup(proc, 'SIGKILL');
  live.clear();
}

export async function stopAllChildren(): Promise<void> {
  for (const proc of [...live]) {
    await stopChild({ name: 'child', proc, port: 0, info: {} }, 5_000);
  }
}
