/**
 * The typed config model: what Supervisor 4.2 makes of a config file, after `[include]`,
 * `%(...)s` expansion, validation and numprocs expansion. Key names are Supervisor's own, so
 * that `svwiz config show --json` can print these objects as they are (issue #2 contract).
 * Every consumer (daemon, doctor, wizard, ctl) reads config only through this model.
 */
import type { SourcePosition } from '../errors.js';

/** Where each key of a section was set: key name → file:line. `section` is the header's position. */
export interface SectionSources {
  section: SourcePosition;
  keys: Record<string, SourcePosition>;
}

export type AutorestartMode = 'true' | 'false' | 'unexpected';

export interface SupervisordConfig {
  logfile: string | null; // null = no file (syslog handled by `logfileSyslog`)
  logfile_maxbytes: number;
  logfile_backups: number;
  loglevel: 'critical' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'blather';
  pidfile: string;
  nodaemon: boolean;
  silent: boolean;
  minfds: number;
  minprocs: number;
  umask: number;
  identifier: string;
  directory: string | null;
  childlogdir: string;
  user: string | null;
  nocleanup: boolean;
  strip_ansi: boolean;
  environment: Record<string, string> | null;
  sources?: SectionSources;
  // svwizd only (issue 17): exit_on_fatal / exit_on_fatal_code; absent when off.
  fatalExit?: FatalExitSettings;
}

export interface UnixHttpServerConfig {
  /** Section name as written, e.g. `unix_http_server`. */
  section: string;
  file: string;
  chmod: number;
  chown: string | null;
  username: string | null;
  password: string | null;
  /** svwizd's `metrics_auth` (issue 17): false serves GET /metrics without Basic auth; absent = true. */
  metricsAuth?: boolean;
  sources?: SectionSources;
}

export interface InetHttpServerConfig {
  section: string;
  /** As written, e.g. "127.0.0.1:9001" or "9001". */
  port: string;
  /** Parsed host ('' = all interfaces) and port number. */
  host: string;
  portNumber: number;
  username: string | null;
  password: string | null;
  /** svwizd's `allowed_hosts` (lower case): extra Host names accepted besides the machine's own (Supervisor ignores the key). */
  allowedHosts?: string[];
  /** svwizd's `metrics_auth` (issue 17): false serves GET /metrics without Basic auth; absent = true. */
  metricsAuth?: boolean;
  sources?: SectionSources;
}

export interface SupervisorctlConfig {
  serverurl: string;
  username: string | null;
  password: string | null;
  prompt: string;
  history_file: string | null;
}

/** One process after numprocs expansion. Log file: "AUTO", null for NONE/OFF, or a path. */
export interface ProcessConfig {
  group: string;
  name: string;
  /** The section this process came from, e.g. `program:web`. */
  section: string;
  /** Which program section kind: program, eventlistener or fcgi-program. */
  kind: 'program' | 'eventlistener' | 'fcgi-program';
  command: string;
  directory: string | null;
  user: string | null;
  /** Numeric uid of `user`, resolved at parse time as Supervisor does (null when no user). */
  uid: number | null;
  umask: number | null;
  priority: number;
  autostart: boolean;
  autorestart: AutorestartMode;
  startsecs: number;
  startretries: number;
  exitcodes: number[];
  /** Signal name without SIG, e.g. "TERM". */
  stopsignal: string;
  stopwaitsecs: number;
  stopasgroup: boolean;
  killasgroup: boolean;
  redirect_stderr: boolean;
  stdout_logfile: string | null;
  stdout_logfile_maxbytes: number;
  stdout_logfile_backups: number;
  stdout_capture_maxbytes: number;
  stdout_events_enabled: boolean;
  stdout_syslog: boolean;
  stderr_logfile: string | null;
  stderr_logfile_maxbytes: number;
  stderr_logfile_backups: number;
  stderr_capture_maxbytes: number;
  stderr_events_enabled: boolean;
  stderr_syslog: boolean;
  environment: Record<string, string> | null;
  /** "AUTO" or a URL. */
  serverurl: string;
  /** Event listener only: subscribed event names. */
  events?: string[];
  buffer_size?: number;
  /** Event listener only: result_handler's import spec, `module:attr` without the whitespace the syntax allows. */
  result_handler?: string;
  /** fcgi-program only: the socket URL, `unix:///abs/path` (normalised) or `tcp://host:port`. */
  socket?: string;
  sources?: SectionSources;
  // svwizd only (issue 17): memory_limit / restart_limit keys; absent when the section sets none.
  limits?: ProcessLimits;
  // svwizd only (issue 17): liveness_check_* keys; absent when the section has no check.
  liveness?: LivenessCheckConfig;
  // svwizd only (issue 17): depends_on / depends_on_timeout; absent when the section sets neither.
  dependsOn?: DependsOn;
}

export interface GroupConfig {
  name: string;
  priority: number;
  /** Process names, in Supervisor's order (programs= order; each program's processes by priority, name). */
  processes: string[];
  /** `program` for homogeneous groups made from one program section, `group` for `[group:x]`. */
  origin: 'program' | 'eventlistener' | 'fcgi-program' | 'group';
  sources?: SectionSources;
}

/** A warning Supervisor would accept silently (unknown keys, no include matches…), with a did-you-mean where we have one. */
export interface ConfigWarning {
  message: string;
  position?: SourcePosition;
  section?: string;
  key?: string;
  suggestion?: string;
}

export interface SupervisorConfigModel {
  /** Absolute path of the main config file. */
  file: string;
  /** Every file read, main first, then included files in Supervisor's order. */
  files: string[];
  supervisord: SupervisordConfig;
  unixHttpServers: UnixHttpServerConfig[];
  inetHttpServers: InetHttpServerConfig[];
  supervisorctl: SupervisorctlConfig | null;
  /** Groups sorted as Supervisor sorts them (priority, then name). */
  groups: GroupConfig[];
  /** All processes of all groups (a process listed in two groups appears twice). */
  processes: ProcessConfig[];
  /** Names of `[rpcinterface:x]` sections and their factories. */
  rpcInterfaces: { name: string; factory: string }[];
  warnings: ConfigWarning[];
  // svwizd only (issue 17): the [alerts] section; absent when there is none.
  alerts?: AlertsConfig;
  // svwizd only (issue 17): the [node:x] sections the web UI's Nodes view shows; absent when none.
  nodes?: NodeConfig[];
}

// ---- svwizd's own settings beyond Supervisor (issue 17); read by process-limits.ts,
// fatal-exit-keys.ts and alerts-section.ts, which Supervisor's files never need.

export interface ProcessLimits {
  /** Bytes of resident memory the process tree may hold; undefined: no memory limit. */
  memoryLimitBytes?: number;
  memoryCheckPeriodSeconds: number;
  /** Unexpected exits within the window that end in FATAL; undefined: no restart limit. */
  restartLimit?: number;
  restartLimitWindowSeconds: number;
}

/** What a liveness check asks (liveness_check_script). */
export type LivenessProbe =
  | { kind: 'http'; url: string }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'command'; command: string };

export interface LivenessCheckConfig {
  probe: LivenessProbe;
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  successThreshold: number;
  /** `restart`, `stop`, or a shell command run when the check turns unhealthy. */
  failureAction: string;
  /** A shell command run when the check turns healthy again after failing; null: none. */
  successAction: string | null;
}

export interface DependsOn {
  /** The names as written (see depends-on.ts for what a name matches). */
  names: string[];
  /** Seconds to wait for every dependency to reach RUNNING before this process goes FATAL. */
  timeoutSeconds: number;
  /** The section the keys were read from (errors name it). */
  section: string;
}

export interface FatalExitSettings {
  /** The daemon's exit status after a program entered FATAL. */
  code: number;
}

export interface NodeConfig {
  name: string;
  /** unix:///path or http://host:port, as [supervisorctl] serverurl. */
  serverUrl: string;
  auth?: { username: string; password: string };
  /** How long one request to the node may go unanswered before the view calls it unreachable. */
  timeoutSeconds: number;
}

export interface AlertsConfig {
  webhookUrl: string | null;
  /** A sendmail-compatible program (`-t -i`, message on stdin); null: no mail. */
  sendmailPath: string | null;
  /** `smtp://` or `smtps://`, with the login in it; never both this and sendmailPath. Holds a password: not for logs. */
  smtpUrl: string | null;
  mailTo: string[];
  mailFrom: string | null;
  /** Per process: after one message, at most one summary per this many seconds. */
  throttleSeconds: number;
  sources?: SectionSources;
}
