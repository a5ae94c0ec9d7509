/**
 * The config commands of svwiz: `config check`, `config show --json` and `sample-config`.
 * Only flags are declared here; handlers are imported when a command runs.
 */
import type { Command } from 'commander';
import { boolean, flagTable, configFlagTable } from '../../wizard/flag-table.js';
import { addTableCommand } from '../flag-options.js';

const SEARCHED_CONFIG = "config file (default: Supervisor's search path)";

export const CONFIG_CHECK_FLAGS = flagTable({
  ...configFlagTable(SEARCHED_CONFIG),
  json: boolean('--json', 'print the errors and warnings as one JSON document'),
});

export const CONFIG_SHOW_FLAGS = flagTable({
  ...configFlagTable(SEARCHED_CONFIG),
  json: boolean('--json', 'print JSON (the only format for now)'),
});

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description("Read a supervisord.conf the way Supervisor 4.2 does");

  addTableCommand(
    config,
    'check',
    'Validate a supervisord config: errors (file:line, section, key) exit 1; warnings for what Supervisor silently ignores',
    CONFIG_CHECK_FLAGS,
    async (options) => (await import('../config-check.js')).runConfigCheck(options),
  );
  addTableCommand(
    config,
    'show',
    'Print the parsed, expanded config (after includes and numprocs)',
    CONFIG_SHOW_FLAGS,
    async (options) => (await import('../config-show.js')).runConfigShow(options),
  );

  program
    .command('sample-config')
    .description("Print svwiz's commented sample supervisord.conf (like echo_supervisord_conf)")
    .action(async () => {
      const { runSampleConfig } = await import('../config-sample.js');
      process.exitCode = runSampleConfig();
    });
}
