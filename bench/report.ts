// The one results table (markdown) and its notes.
import type { LoadResult } from './load.js';

export interface Row {
  scenario: string;
  database: string;
  latchkey: LoadResult;
  peer?: { name: string; result: LoadResult };
  /** Latchkey/peer per alternating round, for the spread. */
  roundRatios?: number[];
}

const fmtRps = (r: LoadResult): string => `${Math.round(r.rps).toLocaleString('en-US')}${r.non2xx || r.errors || r.timeouts ? ' ⚠' : ''}`;
const fmtMs = (ms: number): string => (Number.isFinite(ms) ? String(Math.round(ms * 10) / 10) : '—');

/** Peer CPU per request over Latchkey's: above 1, Latchkey does a request with less CPU. */
export function cpuRatio(row: Row): number | undefined {
  const value = row.peer ? row.peer.result.cpuMsPerOk / row.latchkey.cpuMsPerOk : Number.NaN;
  return Number.isFinite(value) ? value : undefined;
}

const fmtCpu = (r: LoadResult): string => (Number.isFinite(r.cpuMsPerOk) ? String(Math.round(r.cpuMsPerOk * 1000)) : '—');

export function ratio(row: Row): number | undefined {
  return row.peer && row.peer.result.rps > 0 ? row.latchkey.rps / row.peer.result.rps : undefined;
}

const spread = (ratios: readonly number[] | undefined): string =>
  ratios && ratios.length > 1 ? ` (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})` : '';

export function markdownTable(rows: readonly Row[]): string {
  const lines = [
    '| scenario | database | Latchkey req/s | p99 ms | CPU µs/req | peer | peer req/s | peer p99 | peer CPU µs/req | ratio of medians (per-round range) | CPU ratio (peer/Latchkey) |',
    '|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const r = ratio(row);
    const c = cpuRatio(row);
    lines.push(
      [
        '',
        row.scenario,
        row.database,
        fmtRps(row.latchkey),
        fmtMs(row.latchkey.p99),
        fmtCpu(row.latchkey),
        row.peer?.name ?? '—',
        row.peer ? fmtRps(row.peer.result) : '—',
        row.peer ? fmtMs(row.peer.result.p99) : '—',
        row.peer ? fmtCpu(row.peer.result) : '—',
        r === undefined ? '—' : `${r.toFixed(2)}x${spread(row.roundRatios)}`,
        c === undefined ? '—' : `${c.toFixed(2)}x`,
        '',
      ]
        .join(' | ')
        .trim(),
    );
  }
  return lines.join('\n');
}

/** A note for every measurement that saw anything but 2xx responses. */
export function problemNotes(rows: readonly Row[]): string[] {
  const notes: string[] = [];
  const check = (label: string, r: LoadResult): void => {
    if (r.non2xx || r.errors || r.timeouts) {
      notes.push(`⚠ ${label}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts (status codes ${JSON.stringify(r.statusCodes)}); req/s counts 2xx only.`);
    }
  };
  for (const row of rows) {
    check(`${row.scenario} / ${row.database} / Latchkey`, row.latchkey);
    if (row.peer) check(`${row.scenario} / ${row.database} / ${row.peer.name}`, row.peer.result);
  }
  return notes;
}
