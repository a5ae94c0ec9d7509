/** svwizctl's colours (chalk is loaded only when colour is on: a TTY and no NO_COLOR). */
import type { CtlPaint } from './command-context.js';

export function colourWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, noColorFlag: boolean): boolean {
  return !noColorFlag && stream.isTTY === true && !env.NO_COLOR;
}

export async function loadPaint(): Promise<CtlPaint> {
  const { default: chalk } = await import('chalk');
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
