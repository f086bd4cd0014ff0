// One autocannon measurement through its programmatic API, always bounded in time.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

/** What a scenario sends: one request, or a sequence each connection cycles through. */
export interface LoadSpec {
  url: string;
  requests: autocannon.Request[];
  connections: number;
  durationS: number;
  /** Total number of requests (e.g. the size of a refresh-token pool); the run still stops at `durationS`. */
  amount?: number;
  /** The server's process id, to charge its CPU time (user + system, all threads) to the run. */
  serverPid?: number;
}

export interface LoadResult {
  /** 2xx responses per second over the measured window. */
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  responses: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Seconds from the start to the last response. */
  seconds: number;
  statusCodes: Record<string, number>;
  /**
   * Server CPU milliseconds per 2xx response (NaN without `serverPid`). Far steadier than req/s on a
   * shared machine: other processes' load slows a server down but hardly changes what a request costs it.
   */
  cpuMsPerOk: number;
}

/** CPU time the process has used so far, in ms (Linux: /proc/PID/stat, utime + stime in clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Runs autocannon; req/s counts only 2xx and is taken over start..last response, so a run that ends early (amount) is not diluted. */
export async function measure(spec: LoadSpec): Promise<LoadResult> {
  if (spec.amount !== undefined && spec.amount < spec.connections) throw new Error(`amount ${spec.amount} < connections ${spec.connections}`);
  return new Promise<LoadResult>((resolve, reject) => {
    let ok = 0;
    let responses = 0;
    let last = 0;
    const started = performance.now();
    const cpuAtStart = cpuMs(spec.serverPid);
    const timers: { stop?: NodeJS.Timeout; hard?: NodeJS.Timeout } = {};
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.durationS,
        ...(spec.amount === undefined ? {} : { amount: spec.amount }),
        pipelining: 1,
        timeout: 30,
        requests: spec.requests,
      },
      (error, result) => {
        clearTimeout(timers.stop);
        clearTimeout(timers.hard);
        if (error) return reject(error);
        const seconds = ((last || performance.now()) - started) / 1000;
        const statusCodes: Record<string, number> = {};
        for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count;
        resolve({
          rps: seconds > 0 ? ok / seconds : 0,
          p50: result.latency.p50,
          p99: result.latency.p99,
          ok,
          responses,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          seconds,
          statusCodes,
          cpuMsPerOk: ok > 0 ? (cpuMs(spec.serverPid) - cpuAtStart) / ok : Number.NaN,
        });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number) => {
      responses++;
      if (statusCode >= 200 && statusCode < 300) ok++;
      last = performance.now();
    });
    // With `amount` autocannon ignores the duration: stop it ourselves. In any case never run
    // longer than the duration plus a margin.
    if (spec.amount !== undefined) timers.stop = setTimeout(() => instance.stop(), spec.durationS * 1000);
    timers.hard = setTimeout(() => instance.stop(), spec.durationS * 1000 + 30_000);
  });
}

function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Several rounds of one measurement: median req/s, p50 and p99 (each on its own); counts summed. */
export function combineRounds(rounds: readonly LoadResult[]): LoadResult {
  if (rounds.length === 1) return rounds[0] as LoadResult;
  const statusCodes: Record<string, number> = {};
  for (const r of rounds) for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const sum = (pick: (r: LoadResult) => number): number => rounds.reduce((total, r) => total + pick(r), 0);
  return {
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    ok: sum((r) => r.ok),
    responses: sum((r) => r.responses),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    seconds: sum((r) => r.seconds),
    statusCodes,
    cpuMsPerOk: median(rounds.map((r) => r.cpuMsPerOk)),
  };
}
