/** help, quit/exit and EOF: commands of the shell itself. */
import type { CommandHandler } from '../command-context.js';
import { HELP_OVERVIEW, HELP_TEXT, helpFor } from '../help-text.js';

export const helpCommand: CommandHandler = async (ctl, arg) => {
  const topic = arg.trim();
  if (topic === 'help') ctl.outputLines(HELP_TEXT.help);
  else if (topic) ctl.outputLines(helpFor(topic));
  else ctl.outputLines(HELP_OVERVIEW);
};

/** Leaves the shell after an empty line, as supervisorctl does for quit, exit and Ctrl-D. */
export const quitCommand: CommandHandler = async (ctl) => {
  ctl.output('');
  return true;
};

export const eofCommand = quitCommand;
