/** The data the wizard works on: facts about the machine, answers, and what a setup records. */
import type { ExistingInstalls } from '../system/installs.js';
import type { InitSystemFacts } from '../system/init-system.js';
import type { PlatformFacts } from '../system/platform.js';
import type { Backend, ServiceKind } from '../service/types.js';

export type { Backend, ServiceKind };

/** Root mode writes system paths; user mode keeps everything under ~/.config/svwiz. */
export type SetupMode = 'system' | 'user';

/** Everything detected once, before any question, and passed to every planner (which stay pure). */
export interface SystemFacts {
  root: string;
  platform: PlatformFacts;
  initSystem: InitSystemFacts;
  isRoot: boolean;
  user: { name: string; uid: number; gid: number; home: string };
  installs: ExistingInstalls;
  /** First free TCP port on 127.0.0.1 from 9001 upwards. */
  freePort: number;
  /** $XDG_RUNTIME_DIR, for the user-mode socket. */
  runtimeDir: string | null;
  PATH: string;
  /** This machine's memory (the low-memory question's default). */
  totalMemoryBytes: number;
}

export interface InitAnswers {
  mode: SetupMode;
  backend: Backend;
  configFile: string;
  includeDir: string;
  /** Globs relative to nothing: absolute patterns written to [include] files=. */
  includePatterns: string[];
  socketFile: string;
  logDir: string;
  /** "user" or "user:group" the log dir belongs to (the user the supervisor runs as). */
  logOwner: string;
  pidFile: string;
  web: boolean;
  webHost: string;
  webPort: number;
  webUser: string;
  /** As written to the config: plain, or {SHA}+hex. */
  webPasswordStored: string;
  /** Known only when generated (or typed) in this run, to be shown once. */
  webPasswordPlain: string | null;
  service: ServiceKind;
  serviceName: string;
  /** The systemd unit waits for network-online.target (absent = no). */
  networkOnline?: boolean;
  /** svwizd runs with a small V8 nursery (src/service/low-memory.ts; absent = no). */
  lowMemory?: boolean;
}

/** What `svwiz init` leaves behind so later commands (add-program, service) find the setup. */
export interface SetupRecord {
  version: 1;
  mode: SetupMode;
  backend: Backend;
  configFile: string;
  includeDir: string;
  includePatterns: string[];
  socketFile: string;
  serverUrl: string;
  logDir: string;
  logOwner: string;
  pidFile: string;
  web: { host: string; port: number; user: string } | null;
  service: ServiceKind;
  serviceName: string;
  /** Absent in records written before the question existed (= false). */
  networkOnline?: boolean;
  lowMemory?: boolean;
}

export interface ProgramAnswers {
  name: string;
  command: string;
  directory: string | null;
  user: string | null;
  autostart: boolean;
  autorestart: 'true' | 'false' | 'unexpected';
  startsecs: number;
  startretries: number;
  priority: number;
  stdoutLogfile: string;
  stderrLogfile: string | null;
  redirectStderr: boolean;
  logMaxbytes: string;
  logBackups: number;
  environment: [string, string][];
  /** Set when the command was wrapped in `sh -c`: stop and kill the whole process group, not just the shell. */
  stopAsGroup: boolean;
}
