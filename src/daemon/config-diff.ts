/**
 * `reread`: which groups a newly read config adds, changes or removes compared with the active
 * ones, compared exactly on the fields Supervisor's ProcessConfig.__eq__ compares (an AUTO log
 * file equals anything; `user` is compared through `uid`; group membership through the group).
 */
import { COMPARED_FIELDS, SECTION_KIND_KEYS } from '../config/program-keys.js';
import type { GroupConfig, ProcessConfig } from '../config/types.js';

/** Supervisor's req_param_names + optional_param_names, then svwizd's own (limits, liveness, depends_on): config/program-keys owns the list. */
const COMPARED_KEYS = COMPARED_FIELDS;

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export function sameProcessConfig(a: ProcessConfig, b: ProcessConfig): boolean {
  for (const key of COMPARED_KEYS) {
    const left = a[key];
    const right = b[key];
    if (left === 'AUTO' || right === 'AUTO') {
      if (key === 'stdout_logfile' || key === 'stderr_logfile') continue;
    }
    if (key === 'environment') {
      if (!sameValue(sortedEntries(a.environment), sortedEntries(b.environment))) return false;
      continue;
    }
    if (!sameValue(left, right)) return false;
  }
  return true;
}

function sortedEntries(env: Record<string, string> | null): [string, string][] | null {
  return env ? Object.entries(env).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)) : null;
}

export interface GroupWithProcesses {
  config: GroupConfig;
  processes: ProcessConfig[];
}

export function sameGroup(a: GroupWithProcesses, b: GroupWithProcesses): boolean {
  if (a.config.name !== b.config.name || a.config.priority !== b.config.priority) return false;
  if (a.processes.length !== b.processes.length) return false;
  // A pool or fcgi group also differs by its kind and its section's own settings (Supervisor's
  // EventListenerPoolConfig and FastCGIGroupConfig equality; 4.2.5 calls a program that became an
  // fcgi-program, or back, changed).
  const kindKeys = (group: GroupWithProcesses) => (group.config.origin === 'eventlistener' || group.config.origin === 'fcgi-program' ? SECTION_KIND_KEYS[group.config.origin] : undefined);
  if (kindKeys(a) !== kindKeys(b)) return false;
  if (a.processes.length > 0) {
    const [left, right] = [a.processes[0]!, b.processes[0]!];
    for (const { reread } of kindKeys(a) ?? []) if (reread && !sameValue(left[reread], right[reread])) return false;
  }
  return a.processes.every((process, i) => sameProcessConfig(process, b.processes[i]!));
}

export interface GroupDiff {
  added: string[];
  changed: string[];
  removed: string[];
}

/** `next` in the new config's order; `active` in the order groups were added. */
export function diffGroups(active: GroupWithProcesses[], next: GroupWithProcesses[]): GroupDiff {
  const activeByName = new Map(active.map((group) => [group.config.name, group]));
  const nextNames = new Set(next.map((group) => group.config.name));
  return {
    added: next.filter((group) => !activeByName.has(group.config.name)).map((group) => group.config.name),
    changed: next
      .filter((group) => activeByName.has(group.config.name) && !sameGroup(group, activeByName.get(group.config.name)!))
      .map((group) => group.config.name),
    removed: active.filter((group) => !nextNames.has(group.config.name)).map((group) => group.config.name),
  };
}

/** The groups of a config model with their process configs, in the model's group order. */
export function groupsOfModel(model: { groups: GroupConfig[]; processes: ProcessConfig[] }): GroupWithProcesses[] {
  const cached = groupsCache.get(model);
  if (cached) return cached;
  const byKey = new Map(model.processes.map((process) => [`${process.group}\u0000${process.name}`, process]));
  const groups = model.groups.map((config) => {
    const processes = config.processes
      .map((name) => byKey.get(`${config.name}\u0000${name}`))
      .filter((process): process is ProcessConfig => process !== undefined);
    return { config, processes };
  });
  groupsCache.set(model, groups);
  return groups;
}

/** A model is never mutated after loading: its grouping is computed once (getAllConfigInfo stays linear). */
const groupsCache = new WeakMap<object, GroupWithProcesses[]>();
