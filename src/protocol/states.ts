/** Supervisor 4.2 process states and their numeric codes (reference §2.2). */
export const ProcessState = {
  STOPPED: 0,
  STARTING: 10,
  RUNNING: 20,
  BACKOFF: 30,
  STOPPING: 40,
  EXITED: 100,
  FATAL: 200,
  UNKNOWN: 1000,
} as const;
export type ProcessStateName = keyof typeof ProcessState;
export type ProcessStateCode = (typeof ProcessState)[ProcessStateName];

export const STOPPED_STATES: readonly ProcessStateName[] = ['STOPPED', 'EXITED', 'FATAL', 'UNKNOWN'];
export const RUNNING_STATES: readonly ProcessStateName[] = ['RUNNING', 'BACKOFF', 'STARTING'];
export const SIGNALLABLE_STATES: readonly ProcessStateName[] = ['RUNNING', 'STARTING', 'STOPPING'];

export function stateName(code: number): ProcessStateName {
  const entry = Object.entries(ProcessState).find(([, value]) => value === code);
  return (entry?.[0] ?? 'UNKNOWN') as ProcessStateName;
}

/** Daemon states as answered by supervisor.getState (reference §2.2). */
export const SupervisorState = {
  FATAL: 2,
  RUNNING: 1,
  RESTARTING: 0,
  SHUTDOWN: -1,
} as const;
export type SupervisorStateName = keyof typeof SupervisorState;
