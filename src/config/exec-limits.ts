/**
 * What Linux execve(2) refuses, checked when the config is loaded instead of at every spawn
 * (issue #12): a NUL byte cannot be passed in a C string at all, one argument or `KEY=value`
 * environment string may hold at most MAX_ARG_STRLEN bytes, and every string plus its pointer
 * must fit in a quarter of the stack limit. Supervisor 4.2.5 accepts such configs and each
 * spawn dies in the child with exit 127 (`couldn't exec …: E2BIG`); we refuse them with the
 * file, line and key (docs/daemon.md "Values the kernel refuses").
 */
import { readFileSync } from 'node:fs';
import { ConfigValueError } from './datatypes.js';

/** Linux MAX_ARG_STRLEN: 32 pages of 4 KiB, the terminating NUL included. */
export const MAX_ARG_STRLEN = 131072;
/** Linux ARG_MAX: the floor of the total, whatever the stack limit. */
const ARG_MAX_FLOOR = 131072;
/** Linux _STK_LIM / 4 * 3: the ceiling of the total, even with an unlimited stack. */
const ARG_SPACE_CEILING = 6 * 1024 * 1024;
const POINTER_BYTES = 8;
/**
 * Room for what the daemon adds after the config is read: SUPERVISOR_SERVER_URL (a socket path
 * of at most 108 bytes or a URL), the setpriv / `sh -c` wrapper words, the daemon-mode marker.
 */
export const SPAWN_OVERHEAD_BYTES = 1024;

/** Rejects a value that holds a NUL byte: the kernel would cut it short or refuse it. */
export function checkNoNulByte(value: string): void {
  const at = value.indexOf('\0');
  if (at < 0) return;
  throw new ConfigValueError(
    `value contains a NUL byte (\\x00) at character ${at + 1}; no program, path or environment variable can hold one`,
    'the same value without the NUL byte; one usually comes from a file saved as UTF-16 or from pasted binary data',
  );
}

function tooLong(what: string, bytes: number): ConfigValueError {
  return new ConfigValueError(
    `${what} is ${bytes} bytes; Linux refuses a single argument or KEY=value string longer than ${MAX_ARG_STRLEN - 1} bytes (execve fails with E2BIG)`,
    `at most ${MAX_ARG_STRLEN - 1} bytes per variable or word; pass bigger data in a file and give its path instead`,
  );
}

/** Each `KEY=value` string a child gets must fit MAX_ARG_STRLEN. */
export function checkEnvironmentStrings(environment: Record<string, string>): void {
  for (const [key, value] of Object.entries(environment)) {
    const bytes = Buffer.byteLength(`${key}=${value}`);
    if (bytes + 1 > MAX_ARG_STRLEN) throw tooLong(`environment variable ${key}`, bytes);
  }
}

/**
 * A command word surely over MAX_ARG_STRLEN: a run without whitespace, quotes or backslashes
 * lies inside one word after shlex splitting (the split itself belongs to the daemon), so this
 * never refuses a command the kernel would take.
 */
export function checkCommandWords(command: string): void {
  for (const run of command.split(/[\s'"\\]+/)) {
    const bytes = Buffer.byteLength(run);
    if (bytes + 1 > MAX_ARG_STRLEN) throw tooLong(`a word of the command (${run.slice(0, 20)}…)`, bytes);
  }
}

/** Bytes execve copies for these strings: each with its NUL, plus one pointer each. */
export function execStringBytes(strings: Iterable<string>): number {
  let total = 0;
  for (const s of strings) total += Buffer.byteLength(s) + 1 + POINTER_BYTES;
  return total;
}

/** The kernel's room for argv + envp given the soft stack limit (null = unlimited). */
export function execArgSpace(stackSoftLimit: number | null): number {
  const quarter = stackSoftLimit === null ? ARG_SPACE_CEILING : Math.floor(stackSoftLimit / 4);
  return Math.max(Math.min(ARG_SPACE_CEILING, quarter), ARG_MAX_FLOOR);
}

/** The room this process's children get: its stack limit from /proc/self/limits (8 MiB if unreadable). */
export function readExecArgSpace(): number {
  let soft: number | null = 8 * 1024 * 1024;
  try {
    const row = readFileSync('/proc/self/limits', 'utf8').split('\n').find((line) => line.startsWith('Max stack size'));
    const value = row?.slice('Max stack size'.length).trim().split(/\s+/)[0];
    if (value === 'unlimited') soft = null;
    else if (value && /^\d+$/.test(value)) soft = Number(value);
  } catch {
    // not Linux /proc: keep the kernel default
  }
  return execArgSpace(soft);
}

export interface ExecTotal {
  /** The child's environment as the daemon will build it (its own environment included). */
  environment: Record<string, string>;
  command: string;
  /** What of `environment` the config did not set (the daemon's own environment), for the message. */
  inheritedBytes: number;
  space: number;
}

/** The command line (counted twice: the file name is copied too) and environment must fit together. */
export function checkExecTotal({ environment, command, inheritedBytes, space }: ExecTotal): void {
  const total =
    execStringBytes(Object.entries(environment).map(([k, v]) => `${k}=${v}`)) + 2 * execStringBytes([command]) + SPAWN_OVERHEAD_BYTES;
  if (total <= space) return;
  throw new ConfigValueError(
    `command and environment come to about ${total} bytes (${inheritedBytes} of them inherited from the daemon's own environment); Linux takes at most ${space} bytes for a program's arguments and environment together (execve fails with E2BIG)`,
    `a total under ${space} bytes (a quarter of the stack limit, ulimit -s); pass bigger data in a file and give its path instead`,
  );
}
