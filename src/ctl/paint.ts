/**
 * svwizctl's colours. Whether to colour at all is decided by src/system/terminal-style.ts;
 * chalk is loaded only when colour is on, at a fixed level so its own guesses (CI, TERM) do not
 * overrule that decision.
 */
import type { CtlPaint } from './command-context.js';

export async function loadPaint(): Promise<CtlPaint> {
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  const byState: Record<string, (text: string) => string> = {
    RUNNING: chalk.green,
    STARTING: chalk.cyan,
    STOPPING: chalk.cyan,
    BACKOFF: chalk.yellow,
    STOPPED: chalk.yellow,
    EXITED: chalk.yellow,
    FATAL: chalk.red,
    UNKNOWN: chalk.red,
  };
  return {
    state: (padded, state) => (byState[state] ? byState[state](padded) : padded),
    error: (text) => chalk.red(text),
  };
}
