#!/usr/bin/env node
/**
 * Entry point of `svwiz`. Commands are declared in one registry and lazy-imported, so a command
 * only pays for what it uses. This is the one place that turns errors into exit codes.
 */
import { Command, CommanderError, Option } from 'commander';
import { commandRegistry } from '../cli/registry.js';
import { runMain } from '../process/run-main.js';

await runMain(async (argv) => {
  const version = await packageVersion();
  const program = new Command('svwiz')
    .description('Set up, check and run Supervisor: the wizard, the doctor and a built-in supervisor')
    .version(version, '-v, --version')
    // -V (commander's default, and svwiz's flag before -v) is kept unlisted for scripts that use it.
    .addOption(new Option('-V').hideHelp())
    .on('option:V', () => {
      process.stdout.write(`${version}\n`);
      throw new CommanderError(0, 'commander.version', version);
    })
    .exitOverride()
    .showHelpAfterError();
  for (const register of commandRegistry) register(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Asked-for help and version are not failures. A missing command (bare `svwiz`, `svwiz
      // service`) is a usage error like any other: help on stderr, exit 2, as supervisorctl's
      // usage errors (npm and git print their usage too, but exit 1, which we keep for failures).
      // (commander reports both `svwiz help` and a missing command as 'commander.help'; only the
      // latter carries exit code 1.)
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.help' && error.exitCode === 0) return 0;
      return 2;
    }
    throw error;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
});

async function packageVersion(): Promise<string> {
  const { readPackageVersion } = await import('../process/package-version.js');
  return readPackageVersion();
}
