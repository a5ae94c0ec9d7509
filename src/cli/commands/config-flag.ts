/**
 * The one config-file flag of every svwiz command: `-c, --config FILE`, with supervisorctl's
 * `--configuration FILE` accepted as the same flag (both spellings were in use across commands).
 * Handlers read `options.config`.
 */
import { Option, type Command } from 'commander';

export function addConfigFlag(command: Command, description: string): Command {
  return command
    .option('-c, --config <file>', `${description}; --configuration FILE is the same`)
    .addOption(new Option('--configuration <file>').hideHelp())
    .on('option:configuration', (value: string) => command.setOptionValueWithSource('config', value, 'cli'));
}
