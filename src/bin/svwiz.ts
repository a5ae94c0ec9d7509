#!/usr/bin/env node
/**
 * Entry point of `svwiz`. Commands are declared in one registry and lazy-imported, so a command
 * only pays for what it uses. This is the one place that turns errors into exit codes.
 */
import { Command, CommanderError } from 'commander';
import { commandRegistry } from '../cli/registry.js';
import { runMain } from '../process/run-main.js';

await runMain(async (argv) => {
  const program = new Command('svwiz')
    .description('Set up, check and run Supervisor: the wizard, the doctor and a built-in supervisor')
    .version(await packageVersion(), '-V, --version')
    .exitOverride()
    .showHelpAfterError();
  for (const register of commandRegistry) register(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not failures; everything else commander rejects is a usage error.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
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
