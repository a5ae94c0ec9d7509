/**
 * The flags of `svwiz init`, `add-program` and `remove-program`, each declared once (the table
 * format is flag-table.ts). Every question has its flag here; src/cli/commands/wizard.ts turns
 * these tables into commander options in this order (the help order), the flows read the
 * values typed by them, and a question names its flag through `.label`.
 */
import { boolean, choice, configFlag, flagTable, integer, list, text, type FlagValues } from './flag-table.js';
import type { ExistingChoice } from './plan-adopt.js';
import type { AutorestartMode } from '../config/types.js';
import type { Backend, ServiceKind, SetupMode } from './types.js';

/** What every wizard command takes: where, whether to change anything, and who answers. */
export const WIZARD_COMMON_FLAGS = flagTable({
  root: text('--root <dir>', 'treat DIR as / (prepare an image, or test without touching this system)'),
  dryRun: boolean('--dry-run', 'print the plan as a diff and change nothing'),
  yes: boolean('-y, --yes', 'accept the defaults; never prompt'),
  interactive: boolean('--interactive', 'ask even without a terminal', { negate: 'never ask: use flags and defaults' }),
  overwrite: boolean('--overwrite', 'replace existing files that would change (each is backed up first)'),
});
export type WizardCommonFlags = FlagValues<typeof WIZARD_COMMON_FLAGS>;

export const INIT_FLAGS = flagTable({
  config: configFlag('config file to write'),
  mode: choice('--mode <mode>', 'system (root) or user (~/.config/svwiz)', ['system', 'user'] as const satisfies readonly SetupMode[]),
  backend: choice('--backend <backend>', 'svwizd (built in) or supervisord (Python)', ['svwizd', 'supervisord'] as const satisfies readonly Backend[]),
  includeDir: text('--include-dir <dir>', 'directory for program files'),
  include: list('--include <pattern>', 'include pattern (repeatable; default DIR/*.ini and DIR/*.conf)'),
  socket: text('--socket <path>', 'unix control socket'),
  logDir: text('--log-dir <dir>', 'log directory'),
  logOwner: text('--log-owner <user[:group]>', 'owner of the log directory'),
  pidfile: text('--pidfile <path>', 'pid file'),
  web: boolean('--web', 'enable the web UI', { negate: 'no web UI' }),
  webHost: text('--web-host <address>', 'web UI address (default 127.0.0.1)'),
  webPort: integer('--web-port <port>', 'web UI port (default: the first free from 9001)'),
  webUser: text('--web-user <name>', 'web UI user'),
  webPassword: text('--web-password <password>', 'web UI password (default: generated)'),
  service: choice('--service <kind>', 'boot service', ['systemd', 'systemd-user', 'sysv', 'none'] as const satisfies readonly ServiceKind[]),
  serviceName: text('--service-name <name>', 'unit / init script name (default svwiz)'),
  networkOnline: boolean('--network-online', 'the systemd unit waits for network-online.target at boot (programs that need the network at once)', {
    negate: 'start at boot without waiting for the network (default)',
  }),
  lowMemory: boolean('--low-memory', 'svwizd runs with a small V8 nursery: ~5 MB less at rest, far less after heavy RPC load (default on boards with 1 GB or less)', {
    negate: "svwizd runs with V8's default heap sizes",
  }),
  /** What to do with a Supervisor already on the machine (#13). */
  existing: choice(
    '--existing <choice>',
    'a Supervisor already here: adopt its programs (default), keep Python supervisord as the backend, or run side by side',
    ['adopt', 'python', 'side-by-side'] as const satisfies readonly ExistingChoice[],
  ),
  start: boolean('--no-start', 'do not start the supervisor'),
  doctor: boolean('--no-doctor', 'do not run the doctor afterwards'),
});
export type InitFlags = FlagValues<typeof INIT_FLAGS>;

/** add-program and remove-program name the setup they change with -c (default: the one init recorded). */
export const PROGRAM_TARGET_FLAGS = flagTable({
  config: configFlag('the supervisor config (default: the one svwiz init wrote)'),
});

export const PROGRAM_FLAGS = flagTable({
  command: text('--command <command>', 'command to run'),
  shell: boolean('--shell', 'wrap a command with pipes/&&/redirects in sh -c', { negate: 'never wrap in sh -c' }),
  force: boolean('--force', 'add it even if the command does not check out'),
  directory: text('--directory <dir>', 'working directory'),
  user: text('--user <user>', 'run as this user'),
  autostart: boolean('--autostart', 'start with the supervisor (default)', { negate: 'do not start with the supervisor' }),
  autorestart: choice('--autorestart <when>', 'restart policy', ['true', 'false', 'unexpected'] as const satisfies readonly AutorestartMode[]),
  startsecs: integer('--startsecs <n>', 'seconds up before it counts as started (default 3)'),
  startretries: integer('--startretries <n>', 'start attempts (default 3)'),
  priority: integer('--priority <n>', 'priority (default 999)'),
  stdoutLog: text('--stdout-log <file>', 'output log file'),
  stderrLog: text('--stderr-log <file>', 'error log file'),
  redirectStderr: boolean('--redirect-stderr', 'send stderr to the output log'),
  logMaxbytes: text('--log-maxbytes <size>', 'rotate logs at this size (default 1MB)'),
  logBackups: integer('--log-backups <n>', 'rotated logs to keep (default 3)'),
  env: list('--env <KEY=VALUE>', 'environment variable (repeatable)'),
  loginEnv: boolean('--login-env', "add the offered variables from the user's login shell (default)", { negate: "do not add variables from the user's login shell" }),
});
/** `name` is the NAME argument, not a flag. */
export type ProgramFlags = FlagValues<typeof PROGRAM_FLAGS> & { name?: string };
