/**
 * The single top-level catch shared by every bin: UserError → its message and exit code;
 * anything else → the stack and a request to report it.
 */
import { UserError } from '../errors.js';

export async function runMain(main: (argv: string[]) => Promise<number | void>): Promise<void> {
  try {
    const code = await main(process.argv);
    process.exitCode = typeof code === 'number' ? code : 0;
  } catch (error) {
    if (error instanceof UserError) {
      process.stderr.write(`Error: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`Internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.stderr.write('This is a bug in svwiz; please report it with the lines above.\n');
    process.exitCode = 1;
  }
}
