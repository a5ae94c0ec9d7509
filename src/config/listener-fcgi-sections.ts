/**
 * The group-level settings of `[eventlistener:x]` and `[fcgi-program:x]` sections, read once per
 * section before their processes (reference §1.5), with Supervisor's messages.
 */
import type { ConfigReader } from './config-reader.js';
import {
  colonSeparatedUserGroup,
  ConfigValueError,
  inetAddress,
  integer,
  nameToUid,
  normalizePath,
  octal,
  processOrGroupName,
  boolean,
} from './datatypes.js';
import { listOfStrings } from './datatypes.js';
import { pyRepr } from './py-format.js';
import { checkImportSpec } from './python-import-spec.js';

export const EVENT_TYPE_NAMES = [
  'EVENT', 'PROCESS_STATE', 'PROCESS_STATE_STOPPED', 'PROCESS_STATE_EXITED', 'PROCESS_STATE_STARTING',
  'PROCESS_STATE_STOPPING', 'PROCESS_STATE_BACKOFF', 'PROCESS_STATE_FATAL', 'PROCESS_STATE_RUNNING',
  'PROCESS_STATE_UNKNOWN', 'PROCESS_COMMUNICATION', 'PROCESS_COMMUNICATION_STDOUT',
  'PROCESS_COMMUNICATION_STDERR', 'PROCESS_LOG', 'PROCESS_LOG_STDOUT', 'PROCESS_LOG_STDERR',
  'REMOTE_COMMUNICATION', 'SUPERVISOR_STATE_CHANGE', 'SUPERVISOR_STATE_CHANGE_RUNNING',
  'SUPERVISOR_STATE_CHANGE_STOPPING', 'TICK', 'TICK_5', 'TICK_60', 'TICK_3600', 'PROCESS_GROUP',
  'PROCESS_GROUP_ADDED', 'PROCESS_GROUP_REMOVED',
];
export const DEFAULT_RESULT_HANDLER = 'supervisor.dispatchers:default_handler';

export interface EventListenerGroupSettings {
  name: string;
  priority: number;
  bufferSize: number;
  events: string[];
  resultHandler: string;
}

export function readEventListenerGroup(reader: ConfigReader, section: string): EventListenerGroupSettings {
  const here = new Map([['here', reader.here]]);
  const get = (key: string, fallback: string | null) => reader.get(section, key, fallback, here)?.value ?? null;
  // Supervisor does not validate the pool name itself (the program name inside is validated later).
  const name = section.slice(section.indexOf(':') + 1);
  const priority = reader.guard(section, 'priority', () => integer(get('priority', '-1')!));
  const bufferSize = reader.guard(section, 'buffer_size', () => integer(get('buffer_size', '10')!));
  if (bufferSize < 1) throw reader.error(`[${section}] section sets invalid buffer_size (${bufferSize}) (valid: 1 or more)`, section, 'buffer_size');
  const resultHandler = get('result_handler', DEFAULT_RESULT_HANDLER)!;
  const handlerKind = reader.guard(section, 'result_handler', () => checkImportSpec(resultHandler, section));
  if (handlerKind === 'third-party') {
    reader.warn(`[${section}] result_handler ${resultHandler} is a Python import; only ${DEFAULT_RESULT_HANDLER} is known to svwiz`, section, 'result_handler');
  }
  const events = [...new Set(listOfStrings(get('events', '')).map((e) => e.toUpperCase()))];
  if (events.length === 0) {
    throw reader.error(`[${section}] section requires an "events" line (valid: e.g. events=PROCESS_STATE)`, section, undefined);
  }
  for (const event of events) {
    if (!EVENT_TYPE_NAMES.includes(event)) {
      throw reader.error(`Unknown event type ${event} in [${section}] events (valid: ${EVENT_TYPE_NAMES.join(', ')})`, section, 'events');
    }
  }
  const redirect = reader.guard(section, 'redirect_stderr', () => boolean(get('redirect_stderr', 'false')!));
  if (redirect) {
    throw reader.error(
      `[${section}] section sets redirect_stderr=true but this is not allowed because it will interfere with the eventlistener protocol`,
      section,
      'redirect_stderr',
    );
  }
  return { name, priority, bufferSize, events, resultHandler };
}

export interface FcgiGroupSettings {
  name: string;
  priority: number;
  socket: string;
}

export function readFcgiGroupSettings(reader: ConfigReader, section: string): FcgiGroupSettings {
  const here = new Map([['here', reader.here]]);
  const get = (key: string, fallback: string | null, extra: [string, string][] = []) =>
    reader.get(section, key, fallback, new Map([...extra, ...here]))?.value ?? null;
  const name = reader.guard(section, undefined, () => processOrGroupName(section.slice(section.indexOf(':') + 1)));
  const priority = reader.guard(section, 'priority', () => integer(get('priority', '999')!));
  const user = get('user', null);
  if (user !== null) reader.guard(section, 'user', () => nameToUid(user, reader.ctx));
  const backlogRaw = get('socket_backlog', null);
  if (backlogRaw !== null) {
    const backlog = reader.guard(section, 'socket_backlog', () => integer(backlogRaw));
    if (backlog < 1 || backlog > 65535) throw reader.error(`Invalid socket_backlog value ${backlog} (valid: 1-65535)`, section, 'socket_backlog');
  }
  const owner = get('socket_owner', null);
  if (owner !== null) {
    try {
      colonSeparatedUserGroup(owner, reader.ctx);
    } catch {
      throw reader.error(`Invalid socket_owner value ${owner} (valid: user or user:group that exist)`, section, 'socket_owner');
    }
  }
  const mode = get('socket_mode', null);
  if (mode !== null) {
    try {
      octal(mode);
    } catch {
      throw reader.error(`Invalid socket_mode value ${mode} (valid: an octal mode such as 0700)`, section, 'socket_mode');
    }
  }
  // Python orders this mapping {program_name} then here; only the %s repr would show it.
  const socket = get('socket', null, [['program_name', name]]);
  if (!socket) throw reader.error(`[${section}] section requires a "socket" line (valid: socket=unix:///run/x.sock or tcp://127.0.0.1:9000)`, section, undefined);
  const fail = (message: string): never => {
    throw reader.error(`${message} in [${section}] socket`, section, 'socket');
  };
  if (socket.startsWith('unix://')) {
    const socketPath = socket.slice(7);
    if (!socketPath.startsWith('/')) fail(`('Unix socket path %s is not an absolute path', ${pyRepr(socketPath)})`);
    return { name, priority, socket: `unix://${normalizePath(socketPath, reader.ctx)}` };
  }
  if (owner !== null || mode !== null) fail('socket_owner and socket_mode params should only be used with a Unix domain socket');
  const m = /^tcp:\/\/([^\s:]+):(\d+)$/u.exec(socket);
  if (m) {
    try {
      const [, port] = inetAddress(`x:${m[2]}`);
      return { name, priority, socket: `tcp://${m[1]!.toLowerCase()}:${port}` };
    } catch (error) {
      if (error instanceof ConfigValueError) fail(error.message);
      throw error;
    }
  }
  return fail(`('Bad socket format %s', ${pyRepr(socket)})`);
}
