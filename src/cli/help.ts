import { commonOptions } from './args.js';
import type { Command, OptionSpec } from './command.js';
import { commands } from './commands/index.js';

const column = 28;

function optionLabel(name: string, spec: OptionSpec): string {
  const long = `--${name}${spec.value ? ` ${spec.value}` : ''}`;
  return spec.short ? `-${spec.short}, ${long}` : long;
}

function optionLine(name: string, spec: OptionSpec): string {
  const notes = [spec.multiple ? 'repeatable' : '', spec.required ? 'required' : ''].filter(Boolean);
  const help = notes.length && !spec.help.includes('repeatable') ? `${spec.help} (${notes.join(', ')})` : spec.help;
  const label = optionLabel(name, spec);
  if (label.length >= column - 3) return `  ${label}\n${' '.repeat(column)}${help}`;
  return `  ${label.padEnd(column - 2)}${help}`;
}

/** The synopsis of a command: its words, positionals and required options. */
export function synopsis(command: Command): string {
  const required = Object.entries(command.options ?? {})
    .filter(([, spec]) => spec.required)
    .map(([name, spec]) => `--${name}${spec.value ? ` ${spec.value}` : ''}`);
  return ['latchkey', ...command.words, ...(command.positionals ?? []), ...required, '[options]'].join(' ');
}

/** The `--help` text of one command. */
export function commandHelp(command: Command): string {
  const options = { ...command.options, ...commonOptions };
  return [
    `Usage: ${synopsis(command)}`,
    '',
    `${command.summary}.`,
    '',
    'Options:',
    ...Object.entries(options).map(([name, spec]) => optionLine(name, spec)),
  ].join('\n');
}

/** The list of commands, or of one group's commands (`latchkey clients --help`). */
export function overviewHelp(group?: string): string {
  const listed = commands.filter((c) => group === undefined || c.words[0] === group);
  return [
    `Usage: latchkey ${group ?? 'COMMAND'}${group ? ' SUBCOMMAND' : ''} [options]`,
    '',
    'Administers a Latchkey authorization server. Uses the same environment as the server',
    '(DATABASE_URL, NODE_ENV, LATCHKEY_*). Outside production, pending migrations are applied first;',
    'in production only `latchkey migrate` applies them.',
    '',
    'Commands:',
    ...listed.map((c) => `  ${c.words.join(' ').padEnd(column - 2)}${c.summary}`),
    '',
    `Run \`latchkey ${group ?? 'COMMAND'}${group ? ' SUBCOMMAND' : ''} --help\` for its options; every command accepts --json.`,
  ].join('\n');
}
