import { runCli } from './run.js';

/** Process entry of `latchkey`: runs the command line and exits with its status. */
void runCli(process.argv.slice(2), process.env).then((status) => {
  process.exitCode = status;
});
