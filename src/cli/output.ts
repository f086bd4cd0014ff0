import type { CommandResult } from './command.js';

/** Writes a result: one JSON line with `--json`, else its text lines. */
export function writeResult(result: CommandResult, json: boolean, stdout: NodeJS.WritableStream = process.stdout): void {
  if (json) stdout.write(`${JSON.stringify(result.json)}\n`);
  else if (result.text.length) stdout.write(`${result.text.join('\n')}\n`);
}

/** Formats rows as left-aligned columns under a header; `empty` when there are no rows. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], empty: string): string[] {
  if (rows.length === 0) return [empty];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}

/** Formats epoch milliseconds as an ISO 8601 timestamp. */
export function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
