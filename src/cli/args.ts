import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Command, OptionSpec } from './command.js';
import { UsageError } from './errors.js';

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Options every command accepts. */
export const commonOptions: Readonly<Record<string, OptionSpec>> = {
  json: { type: 'boolean', help: 'print the result as JSON on one line' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

/** The parsed options and positionals of one command. */
export class Args {
  constructor(
    private readonly values: Values,
    readonly positionals: readonly string[],
  ) {}

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  string(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === 'string' ? value : undefined;
  }

  strings(name: string): string[] {
    const value = this.values[name];
    return Array.isArray(value) ? value.map(String) : [];
  }

  positional(index: number): string {
    return this.positionals[index] as string;
  }
}

/** True when `--help` or `-h` appears before any `--`. */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

function parseError(error: unknown): UsageError {
  const message = error instanceof Error ? error.message.split(/\. |\n/)[0] ?? '' : String(error);
  return new UsageError(message.charAt(0).toLowerCase() + message.slice(1));
}

/** Parses `argv` strictly against the command's options; throws {@link UsageError} on anything unexpected. */
export function parseCommandArgs(command: Command, argv: string[]): Args {
  const specs = { ...command.options, ...commonOptions };
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, spec] of Object.entries(specs)) options[name] = { type: spec.type, multiple: spec.multiple ?? false, ...(spec.short ? { short: spec.short } : {}) };
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true }) as typeof parsed;
  } catch (error) {
    throw parseError(error);
  }
  const expected = command.positionals ?? [];
  if (parsed.positionals.length < expected.length) throw new UsageError(`missing ${expected[parsed.positionals.length]}`);
  if (parsed.positionals.length > expected.length) throw new UsageError(`unexpected argument '${parsed.positionals[expected.length]}'`);
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.required && parsed.values[name] === undefined) throw new UsageError(`missing required option --${name}`);
  }
  return new Args(parsed.values, parsed.positionals);
}
