/**
 * depends_on at run time (issue 17): whether a process may spawn now, must wait for its
 * dependencies, or has to give up; and the group order for stopping (dependents first).
 *
 * "Ready" is the daemon's answer (supervisor-core.ts: RUNNING, and healthy where the dependency
 * has a liveness check). Unlike ochinchina/supervisord, which only
 * orders the spawns, a dependent is not spawned before every dependency is ready.
 */
import { dependencyOrder } from '../config/dependency-graph.js';
import { processKey, resolveDependencyName } from '../config/depends-on.js';
import type { ProcessGroup } from './process-group.js';
import type { DependencyVerdict, SupervisedProcess } from './supervised-process.js';

/** States in which a dependency is on its way up (or going down by itself): wait, do not start it. */
const UNDER_WAY = ['STARTING', 'RUNNING', 'BACKOFF', 'STOPPING'];

export class DependencyGate {
  constructor(
    private readonly groups: () => Iterable<ProcessGroup>,
    private readonly isReady: (process: SupervisedProcess) => boolean,
  ) {}

  private active(): { processes: SupervisedProcess[]; byKey: Map<string, SupervisedProcess> } {
    const processes = [...this.groups()].flatMap((group) => [...group.processes.values()]);
    return { processes, byKey: new Map(processes.map((process) => [keyOf(process), process])) };
  }

  /** The dependencies of `process` that are in the running config. */
  dependenciesOf(process: SupervisedProcess): SupervisedProcess[] {
    const names = process.config.dependsOn?.names ?? [];
    if (names.length === 0) return [];
    const { processes, byKey } = this.active();
    const configs = processes.map((each) => each.config);
    const groupConfigs = [...this.groups()].map((group) => group.config);
    const keys = new Set(names.flatMap((name) => resolveDependencyName(name, configs, groupConfigs)));
    keys.delete(keyOf(process));
    return [...keys].map((key) => byKey.get(key)!).filter((each) => each !== undefined);
  }

  /**
   * `first`: the process is about to begin waiting (a start, autostart or autorestart). Then a
   * dependency that is down is started, as a user who starts `app` expects its `db` to come up;
   * later checks only wait, and give up when a dependency is FATAL.
   */
  check(process: SupervisedProcess, first: boolean): DependencyVerdict {
    const dependencies = this.dependenciesOf(process);
    const waitingFor: string[] = [];
    for (const dependency of dependencies) {
      if (this.isReady(dependency)) continue;
      if (first && !UNDER_WAY.includes(dependency.state)) {
        // Started on the next turn: its own state change must not re-enter this check.
        queueMicrotask(() => {
          if (!UNDER_WAY.includes(dependency.state)) dependency.start();
        });
      } else if (!first && dependency.state === 'FATAL') {
        return { kind: 'failed', spawnerr: `dependency ${keyOf(dependency)} entered FATAL (depends_on)` };
      }
      waitingFor.push(keyOf(dependency));
    }
    return waitingFor.length === 0 ? { kind: 'ready' } : { kind: 'wait', waitingFor };
  }

  /** Every process waiting for dependencies re-checks, after any state change. */
  recheckWaiting(): void {
    for (const process of this.active().processes) if (process.waitingForDependencies) process.transition();
  }

  /**
   * Groups in the order to stop them from the end: `groups` (priority order) with every group
   * after the groups it depends on, so popping from the end stops dependents before dependencies.
   */
  stopQueue(groups: ProcessGroup[]): ProcessGroup[] {
    const edges = this.groupEdges(groups);
    if (edges.size === 0) return groups;
    const byName = new Map(groups.map((group) => [group.config.name, group]));
    return dependencyOrder(groups.map((group) => group.config.name), edges).map((name) => byName.get(name)!);
  }

  /** Group name → names of the groups its processes depend on (empty map: no depends_on at all). */
  groupEdges(groups: ProcessGroup[]): Map<string, string[]> {
    const edges = new Map<string, string[]>();
    for (const group of groups) {
      const targets = new Set<string>();
      for (const process of group.processes.values()) for (const dependency of this.dependenciesOf(process)) targets.add(dependency.groupName);
      targets.delete(group.config.name);
      if (targets.size > 0) edges.set(group.config.name, [...targets]);
    }
    return edges;
  }
}

const keyOf = (process: SupervisedProcess): string => processKey({ group: process.groupName, name: process.config.name });
