import { UsageError } from './errors.js';

const maxSeconds = 3_650 * 86_400;
const unitSeconds: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/** Parses `30s`, `15m`, `2h`, `7d` or plain seconds into whole seconds. */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d{1,9})([smhd]?)$/.exec(text.trim());
  if (!match) throw new UsageError(`--${option} must be a duration like 30s, 15m, 2h, 7d or plain seconds, got '${text}'`);
  const seconds = Number(match[1]) * (unitSeconds[match[2] || 's'] as number);
  if (seconds > maxSeconds) throw new UsageError(`--${option} must be at most 3650d, got '${text}'`);
  return seconds;
}
