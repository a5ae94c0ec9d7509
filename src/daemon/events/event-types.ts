/**
 * Supervisor's event types (reference §2.11): the names a listener subscribes to, which abstract
 * type each concrete one belongs to (subscribing to PROCESS_STATE gets every PROCESS_STATE_*,
 * EVENT gets everything), and the payload text of each, byte for byte as supervisord 4.2.5
 * renders it. Pure: no IO.
 */
import { decodeOutput } from '../../protocol/python-repr.js';
import type { ProcessStateName } from '../../protocol/states.js';

/** Abstract type → its parent; concrete types are the leaves. EVENT is the root. */
const PARENT: Record<string, string | null> = {
  EVENT: null,
  PROCESS_STATE: 'EVENT',
  PROCESS_STATE_STOPPED: 'PROCESS_STATE',
  PROCESS_STATE_EXITED: 'PROCESS_STATE',
  PROCESS_STATE_STARTING: 'PROCESS_STATE',
  PROCESS_STATE_STOPPING: 'PROCESS_STATE',
  PROCESS_STATE_BACKOFF: 'PROCESS_STATE',
  PROCESS_STATE_FATAL: 'PROCESS_STATE',
  PROCESS_STATE_RUNNING: 'PROCESS_STATE',
  PROCESS_STATE_UNKNOWN: 'PROCESS_STATE',
  PROCESS_COMMUNICATION: 'EVENT',
  PROCESS_COMMUNICATION_STDOUT: 'PROCESS_COMMUNICATION',
  PROCESS_COMMUNICATION_STDERR: 'PROCESS_COMMUNICATION',
  PROCESS_LOG: 'EVENT',
  PROCESS_LOG_STDOUT: 'PROCESS_LOG',
  PROCESS_LOG_STDERR: 'PROCESS_LOG',
  REMOTE_COMMUNICATION: 'EVENT',
  SUPERVISOR_STATE_CHANGE: 'EVENT',
  SUPERVISOR_STATE_CHANGE_RUNNING: 'SUPERVISOR_STATE_CHANGE',
  SUPERVISOR_STATE_CHANGE_STOPPING: 'SUPERVISOR_STATE_CHANGE',
  TICK: 'EVENT',
  TICK_5: 'TICK',
  TICK_60: 'TICK',
  TICK_3600: 'TICK',
  PROCESS_GROUP: 'EVENT',
  PROCESS_GROUP_ADDED: 'PROCESS_GROUP',
  PROCESS_GROUP_REMOVED: 'PROCESS_GROUP',
};

export const EVENT_NAMES: readonly string[] = Object.keys(PARENT);

/** True when an event of type `name` is delivered to a subscription to `subscribed` (isinstance in Supervisor). */
export function isEventOfType(name: string, subscribed: string): boolean {
  for (let current: string | null | undefined = name; current; current = PARENT[current]) {
    if (current === subscribed) return true;
  }
  return false;
}

/** Every concrete (leaf) type a subscription to `subscribed` receives. */
export function concreteTypesOf(subscribed: string): string[] {
  const abstract = new Set(Object.values(PARENT).filter((parent): parent is string => parent !== null));
  return EVENT_NAMES.filter((name) => !abstract.has(name) && isEventOfType(name, subscribed));
}

/**
 * One notification. The payload is rendered when the event is created, as Supervisor renders a
 * process's pid and tries at that moment. `serial` and `poolSerials` are given by the first pool
 * (and each pool) that accepts it: an event nobody subscribes to uses no serial.
 */
export interface BusEvent {
  name: string;
  payload: string;
  serial?: number;
  poolSerials?: Map<string, number>;
}

export interface ProcessStateChange {
  processName: string;
  groupName: string;
  from: ProcessStateName;
  to: ProcessStateName;
  /** The child's pid at the change (the exiting pid for EXITED/STOPPED, 0 when none). */
  pid: number;
  /** The backoff counter after the change (STARTING / BACKOFF report it as `tries`). */
  tries: number;
  /** EXITED only: the exit code was in exitcodes. */
  expected: boolean;
}

/** PROCESS_STATE_* payload: `processname:x groupname:g from_state:S` plus the fields each state adds. */
export function processStatePayload(change: ProcessStateChange): string {
  const base = `processname:${change.processName} groupname:${change.groupName} from_state:${change.from}`;
  switch (change.to) {
    case 'STARTING':
    case 'BACKOFF':
      return `${base} tries:${change.tries}`;
    case 'EXITED':
      return `${base} expected:${change.expected ? 1 : 0} pid:${change.pid}`;
    case 'RUNNING':
    case 'STOPPING':
    case 'STOPPED':
      return `${base} pid:${change.pid}`;
    default:
      return base;
  }
}

export function tickPayload(when: number): string {
  return `when:${when}`;
}

export function processGroupPayload(group: string): string {
  return `groupname:${group}\n`;
}

export function remoteCommunicationPayload(type: string, data: string): string {
  return `type:${type}\n${data}`;
}

export type OutputChannel = 'stdout' | 'stderr';

/** PROCESS_LOG_* payload (one per chunk of output). */
export function processLogPayload(processName: string, groupName: string, pid: number, channel: OutputChannel, data: Buffer): string {
  return `processname:${processName} groupname:${groupName} pid:${pid} channel:${channel}\n${decodeOutput(data)}`;
}

/** PROCESS_COMMUNICATION_* payload (the text captured between the two tokens). */
export function processCommunicationPayload(processName: string, groupName: string, pid: number, data: Buffer): string {
  return `processname:${processName} groupname:${groupName} pid:${pid}\n${decodeOutput(data)}`;
}

/**
 * The envelope header. `len` counts the payload's characters (Python's len() of a str), not its
 * bytes: supervisord 4.2.5 does so, and Python listeners read that many characters from a text
 * stdin. It only differs from the byte count for non-ASCII payloads.
 */
export function eventEnvelope(identifier: string, serial: number, pool: string, poolSerial: number, name: string, payload: string): string {
  let length = 0;
  for (const _ of payload) length++;
  return `ver:3.0 server:${identifier} serial:${serial} pool:${pool} poolserial:${poolSerial} eventname:${name} len:${length}\n${payload}`;
}
