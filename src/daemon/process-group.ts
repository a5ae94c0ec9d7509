/** A process group as Supervisor runs it: its processes in config order, stopped in reverse priority. */
import type { GroupConfig, ProcessConfig } from '../config/types.js';
import { STOPPED_STATES } from '../protocol/states.js';
import type { SupervisedProcess } from './supervised-process.js';

export class ProcessGroup {
  /** Process name → process, in the group's config order. */
  readonly processes = new Map<string, SupervisedProcess>();

  constructor(
    readonly config: GroupConfig,
    /** The process configs of this group, as read (AUTO kept as "AUTO" so config diffs compare like Supervisor's). */
    readonly processConfigs: ProcessConfig[],
  ) {}

  /** Ascending process priority (stable: config order breaks ties). */
  byPriority(): SupervisedProcess[] {
    return [...this.processes.values()].sort((a, b) => a.config.priority - b.config.priority);
  }

  /** Shutdown/reload: stop signal to every running process at once, highest priority first; BACKOFF gives up. */
  stopAll(): void {
    for (const process of this.byPriority().reverse()) {
      if (process.state === 'RUNNING' || process.state === 'STARTING') process.stop();
      else if (process.state === 'BACKOFF') process.giveUp();
      else process.cancelPendingRestart();
    }
  }

  unstopped(): SupervisedProcess[] {
    return [...this.processes.values()].filter((process) => !STOPPED_STATES.includes(process.state));
  }

  transition(): void {
    for (const process of this.processes.values()) process.transition();
  }
}

/** Supervisor's group order: priority, then name. */
export function compareGroups(a: { priority: number; name: string }, b: { priority: number; name: string }): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
