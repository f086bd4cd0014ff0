import { CliError, UsageError } from './errors.js';

/** Reads up to the first newline (or the end) of `input`, without the line ending; undefined when the input is empty. */
export function readLine(input: NodeJS.ReadStream): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const finish = (line: string | undefined): void => {
      input.off('data', onData).off('end', onEnd).off('error', reject);
      input.pause();
      resolve(line?.replace(/\r$/, ''));
    };
    const onData = (chunk: string): void => {
      buffered += chunk;
      const end = buffered.indexOf('\n');
      if (end !== -1) finish(buffered.slice(0, end));
    };
    const onEnd = (): void => finish(buffered === '' ? undefined : buffered);
    input.setEncoding('utf8');
    input.on('data', onData).once('end', onEnd).once('error', reject);
  });
}

/** Prompts on stderr and reads a line from the terminal without echoing it. */
function promptHidden(prompt: string, input: NodeJS.ReadStream = process.stdin): Promise<string> {
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value: string[] = [];
    const done = (error?: Error): void => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value.join(''));
    };
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return done();
        if (char === '\u0003') return done(new CliError('cancelled'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value.push(char);
      }
    };
    input.on('data', onData);
    input.resume();
  });
}

/**
 * The new password: one line of stdin with `--password-stdin`, otherwise typed
 * twice at a terminal without echo. Without either, a usage error.
 */
export async function readNewPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) {
    const line = await readLine(process.stdin);
    if (line === undefined) throw new CliError('--password-stdin: nothing on standard input');
    return line;
  }
  if (!process.stdin.isTTY) throw new UsageError('no terminal to prompt for the password: pass it on standard input with --password-stdin');
  const password = await promptHidden('Password: ');
  if ((await promptHidden('Repeat password: ')) !== password) throw new CliError('the passwords do not match');
  return password;
}
