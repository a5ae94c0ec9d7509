/**
 * The doctor's contract: a check is one module in checks/ with a stable id; it reads facts from
 * a context gathered once and returns findings (data); a fix returns a plan (data) that the plan
 * applier executes. Nothing here prints or touches the system.
 */
import type { SupervisorConfigModel } from '../config/types.js';
import type { ParsedIni } from '../config/ini-dialect.js';
import type { ProcessInfo } from '../protocol/types.js';
import type { Plan } from '../plan/types.js';
import type { Accounts, PasswdEntry } from '../system/users.js';
import type { Identity } from '../system/access.js';
import type { SupervisorProcess } from '../system/processes.js';

export type CheckArea = 'config' | 'daemon' | 'permissions' | 'programs' | 'service' | 'security' | 'logs';

/** Areas in the order the report prints them. */
export const AREA_ORDER: { area: CheckArea; title: string }[] = [
  { area: 'config', title: 'Configuration' },
  { area: 'daemon', title: 'Supervisor daemon' },
  { area: 'permissions', title: 'Permissions' },
  { area: 'programs', title: 'Programs' },
  { area: 'service', title: 'Boot service' },
  { area: 'security', title: 'Security' },
  { area: 'logs', title: 'Logs' },
];

export type FixSafety = 'safe' | 'confirm' | 'manual';

export interface FixProposal {
  description: string;
  /** safe: applied on consent; confirm: changes config or stops something, asked one by one; manual: shown, never applied. */
  safety: FixSafety;
  /** Shell commands a person could run instead (destructive steps are deliberately left out). */
  commands?: string[];
}

/** `D` is the check's own data for its fix; the registry holds checks with their data erased (`unknown`). */
export interface Finding<D = unknown> {
  severity: 'error' | 'warn';
  message: string;
  file?: string;
  line?: number;
  program?: string;
  /** Shown with --verbose: the facts the finding is based on. */
  evidence?: string[];
  fix?: FixProposal;
  /** Check-private data the fix needs (never printed). */
  data?: D;
}

export type CheckStatus = 'ok' | 'warn' | 'error' | 'skipped' | 'crashed';

/** One config file as text plus its raw INI parse (or the parse error). */
export interface RawConfigFile {
  /** Target-system path. */
  file: string;
  text: string;
  ini?: ParsedIni;
  parseError?: { message: string; line?: number };
}

export interface SupervisorFacts {
  /** Processes that look like supervisord/svwizd and use this config (or any, when unknown). */
  processes: SupervisorProcess[];
  /** The URL the doctor talks to (first unix server, else first inet server). */
  serverUrl?: string;
  auth?: { username: string; password: string };
  /** Set when a supervisor answered an RPC call. */
  rpc?: { call(method: string, ...params: import('../protocol/types.js').XmlRpcValue[]): Promise<import('../protocol/types.js').XmlRpcValue> };
  /** Why the RPC did not answer (connection error code and message). */
  rpcError?: { code: string; message: string };
  backend: 'svwizd' | 'supervisord' | 'unknown';
  processInfo?: ProcessInfo[];
}

export interface DoctorContext {
  /** `--root` (`/` normally). Paths in the config are target-system paths: read them through `files`; `hostPath` maps one for what is no file read (a socket to connect to, an argv). */
  root: string;
  hostPath(targetPath: string): string;
  /** The target system's files (under `root`): the only way a check reads one. */
  files: import('./target-files.js').TargetFiles;
  /** Target-system path of the main config file, if one was found. */
  configFile?: string;
  /** Where it came from: `-c`, a running daemon's argv, or the default search path. */
  configSource?: 'option' | 'setup-record' | 'running-daemon' | 'search-path';
  /** What `svwiz init` recorded for this config (backend, web UI), when it set it up. */
  recordedSetup?: import('../system/setup-record-files.js').RecordedSetup;
  /** Supervisors running on other configs than the one checked (listed in the report, not checked). */
  otherSupervisors: { pid: number; backend: 'supervisord' | 'svwizd'; configFile?: string }[];
  searchedPaths: string[];
  config?: SupervisorConfigModel;
  /** The loader's rejection (what supervisord would print before refusing to start). */
  configError?: { message: string; file?: string; line?: number; section?: string; key?: string };
  /** The loader itself failed (a bug, not the user's config): config-values reports it as crashed. */
  configLoadCrash?: string;
  rawFiles: RawConfigFile[];
  accounts: Accounts;
  /** The user the daemon runs (or would run) as, and its groups. */
  daemonUser: PasswdEntry;
  daemonIdentity: Identity;
  supervisor: SupervisorFacts;
  /** Where boot services live (target paths): init scripts, the dir holding rcN.d, systemd unit dirs. */
  serviceDirs: ServiceDirs;
  /** svwiz's own environment (the doctor compares what children would get). */
  env: NodeJS.ProcessEnv;
  /** Run a command with a timeout; resolves with stdout, rejects on failure. */
  exec(argv: string[], options?: { timeoutMs?: number; input?: string }): Promise<{ stdout: string; stderr: string; code: number }>;
}

export interface ServiceDirs {
  initd: string;
  rcBase: string;
  systemd: string[];
}

export interface Check<D = unknown> {
  id: string;
  title: string;
  area: CheckArea;
  /** true, or the reason it does not apply (→ skipped). */
  appliesTo(ctx: DoctorContext): true | string;
  run(ctx: DoctorContext): Promise<Finding<D>[]>;
  fix?(ctx: DoctorContext, finding: Finding<D>): Promise<Plan | undefined>;
  /** Fixes run in ascending order (default 0); restarts of programs go last. */
  fixOrder?: number;
}

export interface CheckResult {
  id: string;
  title: string;
  area: CheckArea;
  status: CheckStatus;
  findings: Finding[];
  /** Why skipped, or the crash/timeout message. */
  detail?: string;
}

export interface DoctorReport {
  version: string;
  configFile?: string;
  /** Where the checked config came from (see discover-config.ts). */
  configSource?: DoctorContext['configSource'];
  otherSupervisors?: DoctorContext['otherSupervisors'];
  backend: SupervisorFacts['backend'];
  checks: CheckResult[];
  summary: { ok: number; warn: number; error: number };
}
