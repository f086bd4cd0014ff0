import { commands } from '../../src/cli/commands/index.js';
import { commandHelp, overviewHelp } from '../../src/cli/help.js';

/** The CLI reference in `docs/cli.md`: `latchkey --help` and every command's help, so the two cannot drift. */
export function cliReference(): string {
  const sections = commands.map((command) => `## latchkey ${command.words.join(' ')}\n\n\`\`\`text\n${commandHelp(command).trimEnd()}\n\`\`\``);
  return [`\`\`\`text\n${overviewHelp().trimEnd()}\n\`\`\``, ...sections].join('\n\n');
}
