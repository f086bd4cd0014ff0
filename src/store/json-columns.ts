/** Lists are stored as JSON text on both dialects. */
export function parseJsonList(value: unknown): string[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

/** Booleans come back as 0/1 on both dialects. */
export function toBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/** BIGINT columns come back as numbers, or as strings when a driver is set to. */
export function toEpoch(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function toEpochOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : toEpoch(value);
}
