/**
 * Supervisor 4.2.5's value types (reference §1.3): each converter accepts exactly what Supervisor
 * accepts and fails with Supervisor's message, plus a hint naming what would be valid (the hint
 * is ours; the loader adds file:line, section and key).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Accounts } from '../system/users.js';
import { pyRepr, pyStrip } from './py-format.js';
import { PyIntError, pyInt } from './py-int.js';
import { lookupSignal, signalShortName } from './signals.js';

/** A value Supervisor would reject: its message, and what would be valid. */
export class ConfigValueError extends Error {
  constructor(
    message: string,
    readonly valid?: string,
  ) {
    super(message);
  }
}

/** What path and user checks consult: the loader's cwd, environment and account database. */
export interface ValueContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Who a user or group is (Supervisor resolves `user=` and `chown=` while reading the config). */
  accounts: Accounts;
}

function intOrThrow(value: string, valid: string): number {
  try {
    return pyInt(value);
  } catch (error) {
    if (error instanceof PyIntError) throw new ConfigValueError(error.message, valid);
    throw error;
  }
}

export function integer(value: string): number {
  return intOrThrow(value, 'a whole number, e.g. 10');
}

const TRUTHY = ['yes', 'true', 'on', '1'];
const FALSY = ['no', 'false', 'off', '0'];

export function boolean(value: string): boolean {
  const lower = value.toLowerCase();
  if (TRUTHY.includes(lower)) return true;
  if (FALSY.includes(lower)) return false;
  throw new ConfigValueError(`not a valid boolean value: ${pyRepr(value)}`, 'true/false, yes/no, on/off or 1/0');
}

const BYTE_SUFFIXES: [string, number][] = [
  ['kb', 1024],
  ['mb', 1024 * 1024],
  ['gb', 1024 * 1024 * 1024],
];

export function byteSize(value: string): number {
  const lower = value.toLowerCase();
  const valid = 'a whole number of bytes with an optional KB, MB or GB suffix, e.g. 50MB';
  for (const [suffix, multiplier] of BYTE_SUFFIXES) {
    if (lower.slice(-2) === suffix) return intOrThrow(lower.slice(0, -2), valid) * multiplier;
  }
  return intOrThrow(lower, valid);
}

export function octal(value: string): number {
  try {
    return pyInt(value, 8);
  } catch {
    throw new ConfigValueError(`${value} can not be converted to an octal type`, 'an octal number such as 022 or 0700');
  }
}

/** Supervisor's list_of_exitcodes: comma list of 0..255; empty → []. */
export function exitCodes(value: string): number[] {
  const fail = (): never => {
    throw new ConfigValueError(`not a valid list of exit codes: ${pyRepr(value)}`, 'a comma list of numbers 0-255, e.g. 0,2');
  };
  if (!value) return [];
  const codes: number[] = [];
  for (const piece of value.split(',')) {
    let code: number;
    try {
      code = pyInt(piece);
    } catch {
      return fail();
    }
    if (code > 255 || code < 0) fail();
    codes.push(code);
  }
  return codes;
}

export function listOfStrings(value: string | null): string[] {
  if (!value) return [];
  return value.split(',').map((piece) => pyStrip(piece));
}

export type AutorestartValue = 'true' | 'false' | 'unexpected';

export function autorestart(value: string): AutorestartValue {
  const lower = value.toLowerCase();
  if (TRUTHY.includes(lower)) return 'true';
  if (FALSY.includes(lower)) return 'false';
  if (lower === 'unexpected') return 'unexpected';
  throw new ConfigValueError(`invalid 'autorestart' value ${pyRepr(lower)}`, 'true, false or unexpected');
}

/** Signal name (without SIG) for a number, or the number as text when Python has no name for it. */
export function signalName(num: number): string {
  return signalShortName(num);
}

/** Supervisor's datatypes.signal_number, with its error texts. */
export function signalNumber(value: string): number {
  const num = lookupSignal(value);
  if (num === 'invalid-name') {
    throw new ConfigValueError(`value ${pyRepr(value)} is not a valid signal name`, 'a signal name such as TERM, INT, QUIT, HUP, KILL, USR1 or USR2');
  }
  if (num === 'invalid-number') {
    throw new ConfigValueError(`value ${pyRepr(value)} is not a valid signal number`, 'a signal name such as TERM, or a number 1-31');
  }
  return num;
}

const LOG_LEVELS = ['critical', 'error', 'warn', 'info', 'debug', 'trace', 'blather'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export function loggingLevel(value: string): LogLevelName {
  const lower = value.toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(lower)) return lower as LogLevelName;
  throw new ConfigValueError(`bad logging level name ${pyRepr(value)}`, LOG_LEVELS.join(', '));
}

/** Supervisor's process_or_group_name: trimmed, no space, colon or slash. */
export function processOrGroupName(name: string): string {
  const trimmed = pyStrip(name);
  for (const ch of [' ', ':', '/']) {
    if (trimmed.includes(ch)) {
      throw new ConfigValueError(`Invalid name: ${pyRepr(name)} because of character: ${pyRepr(ch)}`, 'a name without spaces, colons or slashes');
    }
  }
  return trimmed;
}

/** Python's os.path.expanduser. */
export function expandUser(value: string, ctx: ValueContext): string {
  if (!value.startsWith('~')) return value;
  let i = value.indexOf('/', 1);
  if (i < 0) i = value.length;
  let home: string | undefined;
  if (i === 1) home = ctx.env.HOME ?? ctx.accounts.user(process.getuid?.() ?? 0)?.home;
  else home = (value.slice(1, i) ? ctx.accounts.user(value.slice(1, i))?.home : undefined);
  if (home === undefined) return value;
  home = home.replace(/\/+$/, '');
  return home + value.slice(i) || '/';
}

/** Python's os.path.dirname. */
export function pyDirname(p: string): string {
  const i = p.lastIndexOf('/') + 1;
  let head = p.slice(0, i);
  if (head && head !== '/'.repeat(head.length)) head = head.replace(/\/+$/, '');
  return head;
}

function isDirectory(p: string, ctx: ValueContext): boolean {
  try {
    // no normalisation: `missing/..` must fail as the kernel (and Python) sees it
    return statSync(p.startsWith('/') ? p : `${ctx.cwd}/${p}`).isDirectory();
  } catch {
    return false;
  }
}

export function existingDirectory(value: string, ctx: ValueContext): string {
  const expanded = expandUser(value, ctx);
  if (isDirectory(expanded, ctx)) return expanded;
  throw new ConfigValueError(`${value} is not an existing directory`, 'a directory that exists now (create it first)');
}

export function existingDirpath(value: string, ctx: ValueContext): string {
  const expanded = expandUser(value, ctx);
  const dir = pyDirname(expanded);
  if (!dir || isDirectory(dir, ctx)) return expanded;
  throw new ConfigValueError(
    `The directory named as part of the path ${value} does not exist`,
    'a path whose directory exists now (create the directory first)',
  );
}

export type LogfileValue = { kind: 'none' } | { kind: 'auto' } | { kind: 'syslog' } | { kind: 'path'; path: string };

export function logfileName(value: string, ctx: ValueContext): LogfileValue {
  const lower = value.toLowerCase();
  if (lower === 'none' || lower === 'off') return { kind: 'none' };
  if (lower === 'auto') return { kind: 'auto' };
  if (lower === 'syslog') return { kind: 'syslog' };
  return { kind: 'path', path: existingDirpath(value, ctx) };
}

/** Supervisor's name_to_uid: a user name or a numeric uid that exists in passwd. */
export function nameToUid(name: string, ctx: ValueContext): number {
  let uid: number;
  try {
    uid = pyInt(name);
  } catch {
    const found = ctx.accounts.user(name)?.uid;
    if (found === undefined) throw new ConfigValueError(`Invalid user name ${name}`, 'a user the system knows (getent passwd NAME), e.g. root or nobody');
    return found;
  }
  if (ctx.accounts.user(uid) === undefined) {
    throw new ConfigValueError(`Invalid user id ${name}`, 'a uid the system knows (getent passwd UID)');
  }
  return uid;
}

export function nameToGid(name: string, ctx: ValueContext): number {
  let gid: number;
  try {
    gid = pyInt(name);
  } catch {
    const found = ctx.accounts.group(name)?.gid;
    if (found === undefined) throw new ConfigValueError(`Invalid group name ${name}`);
    return found;
  }
  if (!ctx.accounts.group(gid)) throw new ConfigValueError(`Invalid group id ${name}`);
  return gid;
}

/** `user` or `user:group` → [uid, gid] (gid -1 when only a user is given). */
export function colonSeparatedUserGroup(value: string, ctx: ValueContext): [number, number] {
  const colon = value.indexOf(':');
  try {
    if (colon === -1) return [nameToUid(value, ctx), -1];
    return [nameToUid(value.slice(0, colon), ctx), nameToGid(value.slice(colon + 1), ctx)];
  } catch {
    throw new ConfigValueError(`Invalid user:group definition ${value}`);
  }
}

function portNumber(text: string): number {
  const port = integer(text);
  if (port < 1) throw new ConfigValueError(`${port} is below lower bound (1)`, 'a port number 1-65535');
  if (port > 0xffff) throw new ConfigValueError(`${port} is above upper bound (65535)`, 'a port number 1-65535');
  return port;
}

/** Supervisor's inet_address: `port`, `host:port`, `:port`, `*:port` → [host ('' = all), port]. */
export function inetAddress(value: string): [string, number] {
  let host = '';
  let port: number;
  const colon = value.lastIndexOf(':');
  if (colon !== -1) {
    host = value.slice(0, colon);
    const rest = value.slice(colon + 1);
    if (!rest) throw new ConfigValueError(`no port number specified in ${pyRepr(rest)}`, 'host:port, e.g. 127.0.0.1:9001');
    port = portNumber(rest);
    host = host.toLowerCase();
  } else {
    try {
      port = portNumber(value);
    } catch {
      throw new ConfigValueError(`not a valid port number: ${pyRepr(value)} `, 'a port (9001) or host:port (127.0.0.1:9001)');
    }
  }
  if (!host || host === '*') host = '';
  return [host, port];
}

/** Python's os.path.normpath(os.path.abspath(os.path.expanduser(v))). */
export function normalizePath(value: string, ctx: ValueContext): string {
  const expanded = expandUser(value, ctx);
  const absolute = expanded.startsWith('/') ? expanded : `${ctx.cwd}/${expanded}`;
  let normalized = path.posix.normalize(absolute);
  if (normalized.length > 1) normalized = normalized.replace(/\/+$/, '');
  // normpath keeps exactly two leading slashes (POSIX allows them a meaning)
  if (absolute.startsWith('//') && !absolute.startsWith('///')) normalized = '/' + normalized;
  return normalized;
}
