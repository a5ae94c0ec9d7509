/** What a boot service for svwiz is made of: every path already resolved, so rendering is pure. */

export type ServiceKind = 'systemd' | 'systemd-user' | 'sysv' | 'none';
export type Backend = 'svwizd' | 'supervisord';

/** A program to run: the binary `which` found, plus an interpreter script when it is not on PATH itself. */
export interface ResolvedProgram {
  /** What goes into DAEMON= / SUPERVISORCTL= (the `which` answer, or node when running from a checkout). */
  binary: string;
  /** Script passed to `binary` first (only when svwizd/svwizctl are not installed on PATH). */
  script: string | null;
  /**
   * The same program run by node directly, when `binary` is a bin whose `#!` line names node:
   * node flags (low-memory.ts) must be on node's own command line, which a `#!` line cannot carry.
   */
  node?: { binary: string; script: string };
}

export interface ServiceSpec {
  kind: Exclude<ServiceKind, 'none'>;
  /** Unit / init script name, e.g. "svwiz". */
  name: string;
  backend: Backend;
  daemon: ResolvedProgram;
  ctl: ResolvedProgram;
  configFile: string;
  pidFile: string;
  /** Minimal explicit PATH for the service, never the caller's whole PATH. */
  PATH: string;
  /** systemd-user: the user's home, where the unit goes. */
  home?: string;
  /** How long stopping may take before everything is killed (src/service/stop-timeout.ts); absent in records before it existed. */
  stopTimeoutSecs?: number;
  /** Wait for network-online.target at boot (systemd system units only). */
  networkOnline?: boolean;
  /** svwizd with a small V8 nursery (src/service/low-memory.ts); absent = no. */
  lowMemory?: boolean;
}

export interface ResolvedBinaries {
  daemon: ResolvedProgram;
  ctl: ResolvedProgram;
  PATH: string;
  warnings: string[];
}
