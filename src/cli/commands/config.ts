/**
 * The config commands of svwiz: `config check`, `config show --json` and `sample-config`.
 * Only flags are declared here; handlers are imported when a command runs.
 */
import type { Command } from 'commander';
import { boolean, flagTable, configFlagTable, type FlagValues } from '../../wizard/flag-table.js';
import { addFlags } from '../flag-options.js';

const SEARCHED_CONFIG = "config file (default: Supervisor's search path)";

export const CONFIG_CHECK_FLAGS = flagTable({
  ...configFlagTable(SEARCHED_CONFIG),
  json: boolean('--json', 'print the errors and warnings as one JSON document'),
});
export type ConfigCheckOptions = FlagValues<typeof CONFIG_CHECK_FLAGS>;

export const CONFIG_SHOW_FLAGS = flagTable({
  ...configFlagTable(SEARCHED_CONFIG),
  json: boolean('--json', 'print JSON (the only format for now)'),
});
export type ConfigShowOptions = FlagValues<typeof CONFIG_SHOW_FLAGS>;

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description("Read a supervisord.conf the way Supervisor 4.2 does");

  const check = config
    .command('check')
    .description('Validate a supervisord config: errors (file:line, section, key) exit 1; warnings for what Supervisor silently ignores');
  addFlags(check, CONFIG_CHECK_FLAGS).action(async (options: ConfigCheckOptions) => {
    const { runConfigCheck } = await import('../config-check.js');
    process.exitCode = await runConfigCheck(options);
  });

  const show = config.command('show').description('Print the parsed, expanded config (after includes and numprocs)');
  addFlags(show, CONFIG_SHOW_FLAGS).action(async (options: ConfigShowOptions) => {
    const { runConfigShow } = await import('../config-show.js');
    process.exitCode = await runConfigShow(options);
  });

  program
    .command('sample-config')
    .description("Print svwiz's commented sample supervisord.conf (like echo_supervisord_conf)")
    .action(async () => {
      const { runSampleConfig } = await import('../config-sample.js');
      process.exitCode = runSampleConfig();
    });
}
