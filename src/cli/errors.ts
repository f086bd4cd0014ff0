import { ConfigError } from '../config/index.js';
import { AdminInputError } from '../services/admin-errors.js';
import { isDatabaseUnavailable } from '../store/errors.js';

/** Bad command-line syntax: unknown command or flag, missing or malformed value. Exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A rule the command refuses to break (duplicate name, pending migrations). Exits 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** The process exit status for an error: 2 for usage errors, 1 for everything else. */
export function exitCodeOf(error: unknown): number {
  return error instanceof UsageError ? 2 : 1;
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return error.errors.map(messageOf).join('; ');
  return error instanceof Error ? error.message || error.name : String(error);
}

/** One line for stderr; expected errors show their message, unexpected ones their message without a stack. */
export function errorLine(error: unknown): string {
  const known = error instanceof UsageError || error instanceof CliError || error instanceof AdminInputError || error instanceof ConfigError;
  const text = known ? messageOf(error) : `${isDatabaseUnavailable(error) ? 'database unavailable' : 'unexpected error'}: ${messageOf(error)}`;
  return `latchkey: ${text.replace(/\s*\n\s*/g, ' ').trim()}`;
}
