/**
 * `svwiz init`, `svwiz add-program`, `svwiz remove-program`: flags only. Every question has a
 * flag; the handlers (and the prompt library) load only when the command runs.
 */
import { Option, type Command } from 'commander';
import { addConfigFlag } from './config-flag.js';

function integer(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new Error(`'${value}' is not a whole number`);
  return Number(value);
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function commonOptions(command: Command): Command {
  return command
    .option('--root <dir>', 'treat DIR as / (prepare an image, or test without touching this system)')
    .option('--dry-run', 'print the plan as a diff and change nothing')
    .option('-y, --yes', 'accept the defaults; never prompt')
    .option('--interactive', 'ask even without a terminal')
    .option('--no-interactive', 'never ask: use flags and defaults')
    .option('--overwrite', 'replace existing files that would change (each is backed up first)');
}

export function registerWizardCommands(program: Command): void {
  addConfigFlag(
    commonOptions(
      program
        .command('init')
        .description('Set up a supervisor: config, include dir, boot service; start it and check it with the doctor'),
    ),
    'config file to write',
  )
    .addOption(new Option('--mode <mode>', 'system (root) or user (~/.config/svwiz)').choices(['system', 'user']))
    .addOption(new Option('--backend <backend>', 'svwizd (built in) or supervisord (Python)').choices(['svwizd', 'supervisord']))
    .option('--include-dir <dir>', 'directory for program files')
    .option('--include <pattern>', 'include pattern (repeatable; default DIR/*.ini and DIR/*.conf)', collect)
    .option('--socket <path>', 'unix control socket')
    .option('--log-dir <dir>', 'log directory')
    .option('--log-owner <user[:group]>', 'owner of the log directory')
    .option('--pidfile <path>', 'pid file')
    .option('--web', 'enable the web UI')
    .option('--no-web', 'no web UI')
    .option('--web-host <address>', 'web UI address (default 127.0.0.1)')
    .option('--web-port <port>', 'web UI port (default: the first free from 9001)', integer)
    .option('--web-user <name>', 'web UI user')
    .option('--web-password <password>', 'web UI password (default: generated)')
    .addOption(new Option('--service <kind>', 'boot service').choices(['systemd', 'systemd-user', 'sysv', 'none']))
    .option('--service-name <name>', 'unit / init script name (default svwiz)')
    .option('--network-online', 'the systemd unit waits for network-online.target at boot (programs that need the network at once)')
    .option('--no-network-online', 'start at boot without waiting for the network (default)')
    .option('--low-memory', 'svwizd runs with a small V8 nursery: ~5 MB less at rest, far less after heavy RPC load (default on boards with 1 GB or less)')
    .option('--no-low-memory', 'svwizd runs with V8\'s default heap sizes')
    .addOption(
      new Option('--existing <choice>', 'a Supervisor already here: adopt its programs (default), keep Python supervisord as the backend, or run side by side').choices([
        'adopt',
        'python',
        'side-by-side',
      ]),
    )
    .option('--no-start', 'do not start the supervisor')
    .option('--no-doctor', 'do not run the doctor afterwards')
    .action(async (opts) => {
      const { runInitCommand } = await import('../wizard-init.js');
      process.exitCode = await runInitCommand(opts);
    });

  addConfigFlag(
    commonOptions(
      program
        .command('add-program')
        .argument('[name]', 'program name')
        .description('Add a program: write INCLUDE_DIR/NAME.ini, load it into the running supervisor, wait for RUNNING'),
    ),
    'the supervisor config (default: the one svwiz init wrote)',
  )
    .option('--command <command>', 'command to run')
    .option('--shell', 'wrap a command with pipes/&&/redirects in sh -c')
    .option('--no-shell', 'never wrap in sh -c')
    .option('--force', 'add it even if the command does not check out')
    .option('--directory <dir>', 'working directory')
    .option('--user <user>', 'run as this user')
    .option('--autostart', 'start with the supervisor (default)')
    .option('--no-autostart', 'do not start with the supervisor')
    .addOption(new Option('--autorestart <when>', 'restart policy').choices(['true', 'false', 'unexpected']))
    .option('--startsecs <n>', 'seconds up before it counts as started (default 3)', integer)
    .option('--startretries <n>', 'start attempts (default 3)', integer)
    .option('--priority <n>', 'priority (default 999)', integer)
    .option('--stdout-log <file>', 'output log file')
    .option('--stderr-log <file>', 'error log file')
    .option('--redirect-stderr', 'send stderr to the output log')
    .option('--log-maxbytes <size>', 'rotate logs at this size (default 1MB)')
    .option('--log-backups <n>', 'rotated logs to keep (default 3)', integer)
    .option('--env <KEY=VALUE>', 'environment variable (repeatable)', collect)
    .option('--login-env', "add the offered variables from the user's login shell (default)")
    .option('--no-login-env', "do not add variables from the user's login shell")
    .action(async (name: string | undefined, opts) => {
      const { runAddProgramCommand } = await import('../wizard-add-program.js');
      process.exitCode = await runAddProgramCommand(name, opts);
    });

  addConfigFlag(
    commonOptions(
      program
        .command('remove-program')
        .argument('<name>', 'program name')
        .description('Stop a program, remove it from the running supervisor and delete (back up) its file'),
    ),
    'the supervisor config (default: the one svwiz init wrote)',
  )
    .action(async (name: string, opts) => {
      const { runRemoveProgramCommand } = await import('../wizard-add-program.js');
      process.exitCode = await runRemoveProgramCommand(name, opts);
    });
}
