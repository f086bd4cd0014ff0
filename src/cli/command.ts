import type { Args } from './args.js';
import type { CliContext } from './context.js';

/** One command-line option; `value` names its argument in the help text. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly help: string;
  readonly value?: string;
  readonly short?: string;
  readonly multiple?: boolean;
  readonly required?: boolean;
}

/** What a command prints: `json` with `--json`, otherwise the `text` lines. */
export interface CommandResult {
  readonly json: unknown;
  readonly text: readonly string[];
}

/** A command: its words (`clients create`), help, arguments and action. */
export interface Command {
  readonly words: readonly string[];
  readonly summary: string;
  /** Required positional arguments, by the name shown in the help. */
  readonly positionals?: readonly string[];
  readonly options?: Readonly<Record<string, OptionSpec>>;
  readonly run: (args: Args, context: CliContext) => Promise<CommandResult>;
}
