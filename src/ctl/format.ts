/**
 * supervisorctl 4.2.5's output lines, as pure functions of what the server answered. The text
 * and column widths are the protocol: scripts parse them (reference §4.3).
 */
import { Faults } from '../protocol/faults.js';
import { makeNamespec } from '../protocol/namespec.js';
import type { ConfigInfo, ProcessInfo, ProcessResult } from '../protocol/types.js';

/** Python's `str.split()`: runs of whitespace separate words, no empty words. */
export function splitWords(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

export interface StatusRow {
  namespec: string;
  statename: string;
  description: string;
}

/** The status table: name column max(30, longest)+3 wide, state column 10 wide. */
export function statusRows(infos: readonly Pick<ProcessInfo, 'group' | 'name' | 'statename' | 'description'>[]): StatusRow[] {
  return infos.map((info) => ({ namespec: makeNamespec(info.group, info.name), statename: info.statename, description: info.description }));
}

export function statusNameWidth(rows: readonly StatusRow[]): number {
  return Math.max(30, ...rows.map((row) => row.namespec.length)) + 3;
}

export function formatStatusLine(row: StatusRow, nameWidth: number, paintState: (padded: string, state: string) => string = (s) => s): string {
  return row.namespec.padEnd(nameWidth) + paintState(row.statename.padEnd(10), row.statename) + row.description;
}

/** One `avail` line: `%-32s %-9s %-9s %s`. */
export function formatAvailLine(info: Pick<ConfigInfo, 'group' | 'name' | 'inuse' | 'autostart' | 'group_prio' | 'process_prio'>): string {
  const name = makeNamespec(info.group, info.name);
  return `${name.padEnd(32)} ${(info.inuse ? 'in use' : 'avail').padEnd(9)} ${(info.autostart ? 'auto' : 'manual').padEnd(9)} ${info.group_prio}:${info.process_prio}`;
}

/** `reread`'s lines: every changed group name, sorted, with what happened to it. */
export function formatConfigChanges(added: readonly string[], changed: readonly string[], removed: readonly string[]): string[] {
  const kinds = new Map<string, string>();
  for (const name of added) kinds.set(name, 'available');
  for (const name of changed) kinds.set(name, 'changed');
  for (const name of removed) kinds.set(name, 'disappeared');
  if (kinds.size === 0) return ['No config updates to processes'];
  return [...kinds.keys()].sort(comparePythonStrings).map((name) => `${name}: ${kinds.get(name)}`);
}

/** Python sorts strings by code point, not by locale. */
export function comparePythonStrings(a: string, b: string): number {
  const left = [...a].map((c) => c.codePointAt(0)!);
  const right = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i] - right[i];
  }
  return left.length - right.length;
}

/** A result we cannot word: supervisorctl raises here, which ends the command with exit 1. */
export class UnknownResultCode extends Error {
  constructor(code: number, name: string) {
    super(`Unknown result code ${code} for ${name}`);
    this.name = 'ValueError';
  }
}

type ResultLike = Pick<ProcessResult, 'group' | 'status' | 'description'> & { name: string | null };

const errorLine = (name: string, what: string): string => `${name}: ERROR (${what})`;

export function formatStartResult(result: ResultLike): string {
  const name = makeNamespec(result.group, result.name);
  switch (result.status) {
    case Faults.BAD_NAME: return errorLine(name, 'no such process');
    case Faults.NO_FILE: return errorLine(name, 'no such file');
    case Faults.NOT_EXECUTABLE: return errorLine(name, 'file is not executable');
    case Faults.ALREADY_STARTED: return errorLine(name, 'already started');
    case Faults.SPAWN_ERROR: return errorLine(name, 'spawn error');
    case Faults.ABNORMAL_TERMINATION: return errorLine(name, 'abnormal termination');
    case Faults.SUCCESS: return `${name}: started`;
    default: throw new UnknownResultCode(result.status, name);
  }
}

export function formatSignalResult(result: ResultLike, success = 'signalled'): string {
  const name = makeNamespec(result.group, result.name);
  switch (result.status) {
    case Faults.BAD_NAME: return errorLine(name, 'no such process');
    case Faults.BAD_SIGNAL: return errorLine(name, 'bad signal name');
    case Faults.NOT_RUNNING: return errorLine(name, 'not running');
    case Faults.SUCCESS: return `${name}: ${success}`;
    // FAILED prints the server's own fault text as it is.
    case Faults.FAILED: return result.description;
    default: throw new UnknownResultCode(result.status, name);
  }
}

export function formatStopResult(result: ResultLike): string {
  return formatSignalResult(result, 'stopped');
}

export function formatClearResult(result: ResultLike): string {
  const name = makeNamespec(result.group, result.name);
  switch (result.status) {
    case Faults.BAD_NAME: return errorLine(name, 'no such process');
    case Faults.FAILED: return errorLine(name, 'failed');
    case Faults.SUCCESS: return `${name}: cleared`;
    default: throw new UnknownResultCode(result.status, name);
  }
}

/** Exit status a result contributes (supervisorctl's set_exitstatus_from_xmlrpc_fault). */
export function exitStatusForFault(faultCode: number, ignored?: number): number | undefined {
  if (faultCode === ignored || faultCode === Faults.SUCCESS) return undefined;
  if (faultCode === Faults.SPAWN_ERROR || faultCode === Faults.ABNORMAL_TERMINATION || faultCode === Faults.NOT_RUNNING) return 7;
  return 1;
}
