/**
 * The shapes that cross the XML-RPC boundary, shared by the daemon (which produces them), the RPC
 * server (which encodes them), svwizctl and the web UI (which read them). Field names and types
 * are Supervisor 4.2's own (reference §3.3–3.5).
 */

/** Any value XML-RPC can carry. Integers and doubles are both JS numbers; the codec tells them apart by Number.isInteger unless wrapped. */
export type XmlRpcValue =
  | string
  | number
  | boolean
  | Date
  | Buffer
  | XmlRpcDouble
  | XmlRpcValue[]
  | { [key: string]: XmlRpcValue };

/** Forces a number to be encoded as <double> even when it is integral. */
export class XmlRpcDouble {
  constructor(readonly value: number) {}
}

/** supervisor.getProcessInfo / getAllProcessInfo element (§3.4). All keys always present. */
export interface ProcessInfo {
  name: string;
  group: string;
  start: number;
  stop: number;
  now: number;
  state: number;
  statename: string;
  spawnerr: string;
  exitstatus: number;
  logfile: string;
  stdout_logfile: string;
  stderr_logfile: string;
  pid: number;
  description: string;
}

/** Result struct of group/all operations and clearAllProcessLogs. */
export interface ProcessResult {
  name: string;
  group: string;
  status: number;
  description: string;
}

/** supervisor.getAllConfigInfo element (§3.5, 4.2.5). */
export interface ConfigInfo {
  autostart: boolean;
  directory: string;
  uid: number | string;
  command: string;
  exitcodes: number[];
  group: string;
  group_prio: number;
  inuse: boolean;
  killasgroup: boolean;
  name: string;
  process_prio: number;
  redirect_stderr: boolean;
  startretries: number;
  startsecs: number;
  stdout_capture_maxbytes: number;
  stdout_events_enabled: boolean;
  stdout_logfile: string;
  stdout_logfile_backups: number;
  stdout_logfile_maxbytes: number;
  stdout_syslog: boolean;
  stderr_capture_maxbytes: number;
  stderr_events_enabled: boolean;
  stderr_logfile: string;
  stderr_logfile_backups: number;
  stderr_logfile_maxbytes: number;
  stderr_syslog: boolean;
  stopsignal: number;
  stopwaitsecs: number;
  serverurl: string;
}

/**
 * The `supervisor.*` namespace as the daemon implements it. Method names are exactly the
 * XML-RPC names; the RPC layer dispatches through an explicit table built from this interface
 * (never by reflection: CVE-2017-11610). Methods throw RpcFault for Supervisor faults. Methods
 * that wait in Supervisor (start/stop with wait=true) return Promises and must not block others.
 */
/** An offset or length: Supervisor passes it through Python's int(), so '5', ' -3 ', 2.0 and True are integers too. */
export type IntArgument = XmlRpcValue;

export interface SupervisorNamespace {
  getAPIVersion(): string;
  getVersion(): string;
  getSupervisorVersion(): string;
  getIdentification(): string;
  getState(): { statecode: number; statename: string };
  getPID(): number;
  readLog(offset: IntArgument, length: IntArgument): string;
  readMainLog(offset: IntArgument, length: IntArgument): string;
  clearLog(): boolean;
  shutdown(): boolean;
  restart(): boolean;
  reloadConfig(): [string[], string[], string[]][];
  addProcessGroup(name: string): boolean;
  removeProcessGroup(name: string): boolean;
  startProcess(name: string, wait?: boolean): Promise<boolean | ProcessResult[]>;
  startProcessGroup(name: string, wait?: boolean): Promise<ProcessResult[]>;
  startAllProcesses(wait?: boolean): Promise<ProcessResult[]>;
  stopProcess(name: string, wait?: boolean): Promise<boolean | ProcessResult[]>;
  stopProcessGroup(name: string, wait?: boolean): Promise<ProcessResult[]>;
  stopAllProcesses(wait?: boolean): Promise<ProcessResult[]>;
  signalProcess(name: string, signal: string): boolean | ProcessResult[];
  signalProcessGroup(name: string, signal: string): ProcessResult[];
  signalAllProcesses(signal: string): ProcessResult[];
  getProcessInfo(name: string): ProcessInfo;
  getAllProcessInfo(): ProcessInfo[];
  getAllConfigInfo(): ConfigInfo[];
  readProcessStdoutLog(name: string, offset: IntArgument, length: IntArgument): string;
  readProcessLog(name: string, offset: IntArgument, length: IntArgument): string;
  readProcessStderrLog(name: string, offset: IntArgument, length: IntArgument): string;
  tailProcessStdoutLog(name: string, offset: IntArgument, length: IntArgument): [string, number, boolean];
  tailProcessLog(name: string, offset: IntArgument, length: IntArgument): [string, number, boolean];
  tailProcessStderrLog(name: string, offset: IntArgument, length: IntArgument): [string, number, boolean];
  clearProcessLogs(name: string): boolean;
  clearProcessLog(name: string): boolean;
  clearAllProcessLogs(): ProcessResult[];
  sendProcessStdin(name: string, chars: string): boolean;
  sendRemoteCommEvent(type: string, data: string): boolean;
}

/**
 * What the HTTP layer needs from the daemon beyond the RPC namespace: where logs live (for the
 * /logtail and /mainlogtail streams) and the daemon's identity.
 */
export interface DaemonHttpHooks {
  /** Path of a process's log for the given channel, or undefined when the name or log is unknown. */
  processLogPath(namespec: string, channel: 'stdout' | 'stderr'): string | undefined;
  /** Path of the main log, or undefined when it logs to syslog/nowhere. */
  mainLogPath(): string | undefined;
}
