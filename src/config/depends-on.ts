/**
 * svwizd's `depends_on` / `depends_on_timeout` program keys (issue 17). Supervisor has no such
 * keys and ignores them (it keeps ordering by priority alone). Reading a section gives the names
 * as written; `checkDependencies` then resolves every name against the whole config and refuses
 * unknown names and cycles with the file:line of the depends_on key.
 *
 * A name is `group:process` (one process) or a bare name: the group of that name (all its
 * processes: a program section, a numprocs program, or a [group:x]), else the process of that
 * name when exactly one process has it.
 */
import type { ConfigReader } from './config-reader.js';
import type { DependsOn, GroupConfig, ProcessConfig } from './types.js';
import { ConfigValueError, integer } from './datatypes.js';
import { findCycle } from './dependency-graph.js';

export const DEPENDS_ON_KEYS = ['depends_on', 'depends_on_timeout'] as const;

/** How long a dependent waits for its dependencies to reach RUNNING before it goes FATAL. */
export const DEFAULT_DEPENDS_ON_TIMEOUT_SECONDS = 60;

/** The key of a process in the dependency graph. */
export const processKey = (process: { group: string; name: string }): string => `${process.group}:${process.name}`;

/** The depends_on of one program section; undefined when it sets neither key (the default). */
export function readDependsOn(reader: ConfigReader, section: string): DependsOn | undefined {
  if (!DEPENDS_ON_KEYS.some((key) => reader.store.get(section, key))) return undefined;
  const names = (reader.get(section, 'depends_on', null)?.value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const timeout = reader.get(section, 'depends_on_timeout', null)?.value ?? null;
  const valid = 'a whole number of seconds above 0';
  const timeoutSeconds =
    timeout === null
      ? DEFAULT_DEPENDS_ON_TIMEOUT_SECONDS
      : reader.guard(section, 'depends_on_timeout', () => {
          const value = integer(timeout);
          if (!(value > 0)) throw new ConfigValueError(`${value} is not greater than 0`, valid);
          return value;
        });
  return { names, timeoutSeconds, section };
}

/** The process keys one depends_on name stands for; empty when it names nothing. */
export function resolveDependencyName(name: string, processes: readonly ProcessConfig[], groups: readonly GroupConfig[]): string[] {
  if (name.includes(':')) return processes.some((process) => processKey(process) === name) ? [name] : [];
  if (groups.some((group) => group.name === name)) return processes.filter((process) => process.group === name).map(processKey);
  const named = processes.filter((process) => process.name === name);
  return named.length === 1 ? [processKey(named[0]!)] : [];
}

/** Process key → the process keys it depends on (only processes that set depends_on appear). */
export function dependencyEdges(processes: readonly ProcessConfig[], groups: readonly GroupConfig[]): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const process of processes) {
    if (!process.dependsOn) continue;
    const targets = process.dependsOn.names.flatMap((name) => resolveDependencyName(name, processes, groups));
    edges.set(processKey(process), [...new Set(targets)].filter((key) => key !== processKey(process)));
  }
  return edges;
}

/** Refuse unknown names, a program depending on itself, and cycles, at the depends_on key. */
export function checkDependencies(
  reader: ConfigReader,
  processes: readonly ProcessConfig[],
  groups: readonly GroupConfig[],
): void {
  const sectionOf = (process: ProcessConfig): string => process.dependsOn?.section ?? `program:${process.name}`;
  const byKey = new Map(processes.map((process) => [processKey(process), process]));
  for (const process of processes) {
    for (const name of process.dependsOn?.names ?? []) {
      const targets = resolveDependencyName(name, processes, groups);
      if (targets.length === 0) {
        throw reader.error(
          `unknown dependency '${name}' (valid: a program or group name, or group:process, of this config)`,
          sectionOf(process),
          'depends_on',
        );
      }
      if (targets.includes(processKey(process))) {
        throw reader.error(`'${name}' is this program itself (a program cannot depend on itself)`, sectionOf(process), 'depends_on');
      }
    }
  }
  const edges = dependencyEdges(processes, groups);
  const cycle = findCycle([...edges.keys()], edges);
  if (cycle) {
    const first = byKey.get(cycle[0]!)!;
    throw reader.error(
      `dependency cycle: ${cycle.join(' → ')} (valid: depends_on must not lead back to the program)`,
      sectionOf(first),
      'depends_on',
    );
  }
}
