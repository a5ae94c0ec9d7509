/**
 * supervisord's command line (getopt style: `-c FILE`, `-cFILE`, `--configuration FILE`,
 * `--configuration=FILE`, bundled `-nk`). Values given here override the config file's.
 */
import { UsageError } from '../errors.js';

export interface DaemonArgs {
  configFile?: string;
  nodaemon?: boolean;
  silent?: boolean;
  user?: string;
  umask?: number;
  directory?: string;
  logfile?: string;
  logfileMaxbytes?: string;
  logfileBackups?: number;
  loglevel?: string;
  pidfile?: string;
  identifier?: string;
  childlogdir?: string;
  nocleanup?: boolean;
  stripAnsi?: boolean;
  minfds?: number;
  minprocs?: number;
  version?: boolean;
  help?: boolean;
}

interface OptionSpec {
  short?: string;
  long: string;
  key: keyof DaemonArgs;
  takesValue: boolean;
}

const OPTIONS: OptionSpec[] = [
  { short: 'c', long: 'configuration', key: 'configFile', takesValue: true },
  { short: 'n', long: 'nodaemon', key: 'nodaemon', takesValue: false },
  { short: 's', long: 'silent', key: 'silent', takesValue: false },
  { short: 'u', long: 'user', key: 'user', takesValue: true },
  { short: 'm', long: 'umask', key: 'umask', takesValue: true },
  { short: 'd', long: 'directory', key: 'directory', takesValue: true },
  { short: 'l', long: 'logfile', key: 'logfile', takesValue: true },
  { short: 'y', long: 'logfile_maxbytes', key: 'logfileMaxbytes', takesValue: true },
  { short: 'z', long: 'logfile_backups', key: 'logfileBackups', takesValue: true },
  { short: 'e', long: 'loglevel', key: 'loglevel', takesValue: true },
  { short: 'j', long: 'pidfile', key: 'pidfile', takesValue: true },
  { short: 'i', long: 'identifier', key: 'identifier', takesValue: true },
  { short: 'q', long: 'childlogdir', key: 'childlogdir', takesValue: true },
  { short: 'k', long: 'nocleanup', key: 'nocleanup', takesValue: false },
  { short: 't', long: 'strip_ansi', key: 'stripAnsi', takesValue: false },
  { short: 'a', long: 'minfds', key: 'minfds', takesValue: true },
  { long: 'minprocs', key: 'minprocs', takesValue: true },
  { short: 'v', long: 'version', key: 'version', takesValue: false },
  { short: 'h', long: 'help', key: 'help', takesValue: false },
];

export const DAEMON_USAGE = `svwizd -- run a set of applications as daemons (a drop-in for supervisord).

Usage: svwizd [options]

Options:
-c/--configuration FILE -- configuration file path (searched if not given)
-n/--nodaemon -- run in the foreground (same as 'nodaemon=true' in config file)
-s/--silent -- no logs to stdout (maps to 'silent=true' in config file)
-h/-?/--help -- print this usage message and exit
-v/--version -- print the version and exit
-u/--user USER -- run as this user (or numeric uid)
-m/--umask UMASK -- use this umask for daemon subprocess (default is 022)
-d/--directory DIRECTORY -- directory to chdir to when daemonized
-l/--logfile FILENAME -- use FILENAME as logfile path
-y/--logfile_maxbytes BYTES -- use BYTES to limit the max size of logfile
-z/--logfile_backups NUM -- number of backups to keep when max bytes reached
-e/--loglevel LEVEL -- use LEVEL as log level (debug,info,warn,error,critical)
-j/--pidfile FILENAME -- write a pid file for the daemon process to FILENAME
-i/--identifier STR -- identifier used for this instance of supervisord
-q/--childlogdir DIRECTORY -- the log directory for child process logs
-k/--nocleanup --  prevent the process from performing cleanup (removal of
                   old automatic child log files) at startup.
-t/--strip_ansi -- strip ansi escape codes from process output
-a/--minfds NUM -- refuse to start unless NUM file descriptors can be opened (raises the limit)
--minprocs NUM -- refuse to start unless NUM processes can run (raises the limit)
`;

function setValue(args: DaemonArgs, spec: OptionSpec, value: string | undefined): void {
  const record = args as Record<string, unknown>;
  if (!spec.takesValue) {
    record[spec.key] = true;
    return;
  }
  if (value === undefined) throw new UsageError(`option --${spec.long} requires an argument`);
  if (spec.key === 'umask') {
    if (!/^[0-7]+$/.test(value)) throw new UsageError(`invalid value for -m/--umask: ${value} (an octal number such as 022)`);
    record[spec.key] = parseInt(value, 8);
  } else if (spec.key === 'logfileBackups' || spec.key === 'minfds' || spec.key === 'minprocs') {
    const flag = spec.short ? `-${spec.short}/--${spec.long}` : `--${spec.long}`;
    if (!/^\d+$/.test(value)) throw new UsageError(`invalid value for ${flag}: ${value} (a whole number)`);
    record[spec.key] = Number(value);
  } else {
    record[spec.key] = value;
  }
}

/**
 * `lenient` is for reading another supervisor's argv (the doctor looking at a running Python
 * supervisord): flags svwizd does not take, such as --profile_options, are stepped over instead
 * of being a usage error.
 */
export function parseDaemonArgs(argv: string[], { lenient = false } = {}): DaemonArgs {
  const args: DaemonArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const matches = OPTIONS.filter((spec) => spec.long.startsWith(name));
      const spec = OPTIONS.find((candidate) => candidate.long === name) ?? (matches.length === 1 ? matches[0] : undefined);
      if (!spec && lenient) continue;
      if (!spec) throw new UsageError(`option --${name} not recognized`);
      if (spec.takesValue) setValue(args, spec, inline ?? argv[++i]);
      else if (inline !== undefined) throw new UsageError(`option --${spec.long} must not have an argument`);
      else setValue(args, spec, undefined);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        // supervisord's getopt string lists `?` beside `h`: `-?` prints the help and exits 0 (issue #12)
        const letter = arg[j] === '?' ? 'h' : arg[j];
        const spec = OPTIONS.find((candidate) => candidate.short === letter);
        if (!spec && lenient) break;
        if (!spec) throw new UsageError(`option -${arg[j]} not recognized`);
        if (spec.takesValue) {
          setValue(args, spec, j + 1 < arg.length ? arg.slice(j + 1) : argv[++i]);
          break;
        }
        setValue(args, spec, undefined);
      }
      continue;
    }
    if (!lenient) throw new UsageError(`positional arguments are not supported: ${JSON.stringify(arg)}`);
  }
  return args;
}
