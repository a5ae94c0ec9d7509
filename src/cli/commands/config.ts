/**
 * The config commands of svwiz: `config check`, `config show --json` and `sample-config`.
 * Only flags are declared here; handlers are imported when a command runs.
 */
import type { Command } from 'commander';
import { addConfigFlag } from './config-flag.js';

export interface ConfigFileOptions {
  config?: string;
}

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description("Read a supervisord.conf the way Supervisor 4.2 does");

  addConfigFlag(
    config
      .command('check')
      .description('Validate a supervisord config: errors (file:line, section, key) exit 1; warnings for what Supervisor silently ignores'),
    "config file (default: Supervisor's search path)",
  )
    .option('--json', 'print the errors and warnings as one JSON document')
    .action(async (options: ConfigFileOptions & { json?: boolean }) => {
      const { runConfigCheck } = await import('../config-check.js');
      process.exitCode = await runConfigCheck(options);
    });

  addConfigFlag(
    config.command('show').description('Print the parsed, expanded config (after includes and numprocs)'),
    "config file (default: Supervisor's search path)",
  )
    .option('--json', 'print JSON (the only format for now)')
    .action(async (options: ConfigFileOptions & { json?: boolean }) => {
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
