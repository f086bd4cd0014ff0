import { parseCommandArgs, wantsHelp } from './args.js';
import type { Command } from './command.js';
import { commands } from './commands/index.js';
import { CliContext } from './context.js';
import { errorLine, exitCodeOf, UsageError } from './errors.js';
import { commandHelp, overviewHelp } from './help.js';
import { writeResult } from './output.js';

type Resolved = { command: Command; rest: string[] } | { help: string };

const isHelp = (arg: string | undefined): boolean => arg === '--help' || arg === '-h';

/** Finds the command named by the first one or two words of `argv`. */
function resolveCommand(argv: string[]): Resolved {
  const [first, second] = argv;
  if (first === undefined) throw new UsageError('missing command (see latchkey --help)');
  if (isHelp(first) || (first === 'help' && second === undefined)) return { help: overviewHelp() };
  if (first === 'help') return resolveCommand([...argv.slice(1), '--help']);
  const group = commands.filter((c) => c.words[0] === first);
  if (!group.length) throw new UsageError(`unknown command '${first}' (see latchkey --help)`);
  const single = group.find((c) => c.words.length === 1);
  if (single) return { command: single, rest: argv.slice(1) };
  if (isHelp(second)) return { help: overviewHelp(first) };
  const names = group.map((c) => c.words[1]).join(', ');
  if (second === undefined || second.startsWith('-')) throw new UsageError(`'${first}' needs a subcommand: ${names}`);
  const command = group.find((c) => c.words[1] === second);
  if (!command) throw new UsageError(`unknown command '${first} ${second}': expected one of ${names}`);
  return { command, rest: argv.slice(2) };
}

async function execute(argv: string[], context: CliContext): Promise<void> {
  const resolved = resolveCommand(argv);
  if ('help' in resolved) return void process.stdout.write(`${resolved.help}\n`);
  const { command, rest } = resolved;
  if (wantsHelp(rest)) return void process.stdout.write(`${commandHelp(command)}\n`);
  const args = parseCommandArgs(command, rest);
  writeResult(await command.run(args, context), args.flag('json'));
}

/** Runs one command line and returns the exit status; every failure is reported as one line on stderr. */
export async function runCli(argv: string[], env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const context = new CliContext(env);
  let status = 0;
  try {
    await execute(argv, context);
  } catch (error) {
    process.stderr.write(`${errorLine(error)}\n`);
    if (env.LATCHKEY_DEBUG === '1' && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    status = exitCodeOf(error);
  }
  try {
    await context.close();
  } catch (error) {
    if (status === 0) process.stderr.write(`${errorLine(error)}\n`);
    status ||= 1;
  }
  return status;
}
