/** What every daemon under test offers the scenarios: start with programs, observe, control, stop. */
import type { BenchProgram } from '../config-render.js';
import type { DaemonId } from '../rows.js';

export interface ProgramState {
  name: string;
  running: boolean;
  pid: number;
}

/** A command line to time, e.g. the daemon's own ctl with `status`. */
export interface CommandLine {
  file: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

export interface RunningDaemon {
  readonly id: DaemonId;
  /** The daemon process measured for RSS and CPU. */
  readonly pid: number;
  /** performance.now() just before the daemon (or the command that starts it) was spawned. */
  readonly launchedAt: number;
  readonly dir: string;
  /** The control socket of a Supervisor-protocol daemon (the web scenario opens the page's event stream there). */
  readonly socketPath?: string;
  /** One call of the daemon's "list everything" API (getAllProcessInfo; PM2: list). */
  listPrograms(): Promise<ProgramState[]>;
  startProgram(name: string): Promise<void>;
  /** Stop a program and wait until it is stopped (a looping one: no more restarts). */
  stopProgram(name: string): Promise<void>;
  /** getAllProcessInfo as raw HTTP: ms until the whole response is read, not decoded (the daemon's share). */
  rawListRoundTrip?(): Promise<number>;
  /** The daemon's own ctl (svwizctl, supervisorctl, pm2) with these arguments. */
  ownCtl(args: string[]): CommandLine;
  /** The real supervisorctl pointed at this daemon, when it speaks Supervisor's protocol. */
  supervisorctl(args: string[]): CommandLine | undefined;
  /** SIGTERM to the daemon; resolves with the ms until it is gone (undefined on timeout). */
  gracefulStop(timeoutMs: number): Promise<number | undefined>;
  tearDown(): Promise<void>;
}

export interface DaemonUnderTest {
  readonly id: DaemonId;
  readonly heading: string;
  /** Whether this daemon has something comparable for a scenario feature. */
  readonly supports: { startsecs: boolean; logCapture: boolean; doctor: boolean };
  start(dir: string, programs: BenchProgram[]): Promise<RunningDaemon>;
}
