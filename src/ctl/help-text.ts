/**
 * The text of `help` and `help <action>`, exactly as supervisorctl 4.2.5 prints it (also printed
 * after a usage error of a command). Data only.
 */

export const ACTIONS = [
  'add', 'avail', 'clear', 'exit', 'fg', 'maintail', 'open', 'pid', 'quit', 'reload', 'remove', 'reread',
  'restart', 'shutdown', 'signal', 'start', 'status', 'stop', 'tail', 'update', 'version',
] as const;

/** `help` with no argument: a blank line, a header, a ruler and the actions in columns. */
export const HELP_OVERVIEW = [
  '',
  'default commands (type help <topic>):',
  '=====================================',
  'add    exit      open  reload  restart   start   tail   ',
  'avail  fg        pid   remove  shutdown  status  update ',
  'clear  maintail  quit  reread  signal    stop    version',
  '',
];

export const HELP_TEXT: Record<string, string[]> = {
  help: ['help\t\tPrint a list of available actions', 'help <action>\tPrint help for <action>'],
  tail: [
    'tail [-f] <name> [stdout|stderr] (default stdout)',
    'Ex:',
    'tail -f <name>\t\tContinuous tail of named process stdout',
    '\t\t\tCtrl-C to exit.',
    'tail -100 <name>\tlast 100 *bytes* of process stdout',
    'tail <name> stderr\tlast 1600 *bytes* of process stderr',
  ],
  maintail: [
    'maintail -f \tContinuous tail of supervisor main log file (Ctrl-C to exit)',
    'maintail -100\tlast 100 *bytes* of supervisord main log file',
    'maintail\tlast 1600 *bytes* of supervisor main log file',
    '',
  ],
  quit: ['quit\tExit the supervisor shell.'],
  exit: ['exit\tExit the supervisor shell.'],
  status: [
    'status <name>\t\tGet status for a single process',
    'status <gname>:*\tGet status for all processes in a group',
    'status <name> <name>\tGet status for multiple named processes',
    'status\t\t\tGet all process status info',
  ],
  pid: [
    'pid\t\t\tGet the PID of supervisord.',
    'pid <name>\t\tGet the PID of a single child process by name.',
    'pid all\t\t\tGet the PID of every child process, one per line.',
  ],
  start: [
    'start <name>\t\tStart a process',
    'start <gname>:*\t\tStart all processes in a group',
    'start <name> <name>\tStart multiple processes or groups',
    'start all\t\tStart all processes',
  ],
  stop: [
    'stop <name>\t\tStop a process',
    'stop <gname>:*\t\tStop all processes in a group',
    'stop <name> <name>\tStop multiple processes or groups',
    'stop all\t\tStop all processes',
  ],
  signal: [
    'signal <signal name> <name>\t\tSignal a process',
    'signal <signal name> <gname>:*\t\tSignal all processes in a group',
    'signal <signal name> <name> <name>\tSignal multiple processes or groups',
    'signal <signal name> all\t\tSignal all processes',
  ],
  restart: [
    'restart <name>\t\tRestart a process',
    'restart <gname>:*\tRestart all processes in a group',
    'restart <name> <name>\tRestart multiple processes or groups',
    'restart all\t\tRestart all processes',
    'Note: restart does not reread config files. For that, see reread and update.',
  ],
  shutdown: ['shutdown \tShut the remote supervisord down.'],
  reload: ['reload \t\tRestart the remote supervisord.'],
  avail: ['avail\t\t\tDisplay all configured processes'],
  reread: ["reread \t\t\tReload the daemon's configuration files without add/remove"],
  add: ['add <name> [...]\tActivates any updates in config for process/group'],
  remove: ['remove <name> [...]\tRemoves process/group from active config'],
  update: [
    'update\t\t\tReload config and add/remove as necessary, and will restart affected programs',
    'update all\t\tReload config and add/remove as necessary, and will restart affected programs',
    'update <gname> [...]\tUpdate specific groups',
  ],
  clear: [
    "clear <name>\t\tClear a process' log files.",
    "clear <name> <name>\tClear multiple process' log files",
    "clear all\t\tClear all process' log files",
  ],
  open: ['open <url>\tConnect to a remote supervisord process.', '\t\t(for UNIX domain socket, use unix:///socket/path)'],
  version: ['version\t\t\tShow the version of the remote supervisord process'],
  fg: ['fg <process>\tConnect to a process in foreground mode', '\t\tCtrl-C to exit'],
};

/** Lines of `help <topic>`; supervisorctl's answer for a topic it has no help for. */
export function helpFor(topic: string): string[] {
  return Object.hasOwn(HELP_TEXT, topic) ? HELP_TEXT[topic] : [`*** No help on ${topic}`];
}
