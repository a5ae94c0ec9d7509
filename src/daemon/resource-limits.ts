/**
 * `minfds` / `minprocs`: supervisord raises the soft RLIMIT_NOFILE / RLIMIT_NPROC to the minimum
 * at its first start (and the hard limit too when that is below it and the daemon may), so every
 * child inherits room for its files and processes; when the environment does not allow it, the
 * daemon refuses to start rather than fail later with EMFILE/EAGAIN in a child.
 *
 * Node has no setrlimit. util-linux `prlimit --pid` calls prlimit(2) on this very process, which
 * is the same system call with the same permission rules, and the children inherit the result.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';

export interface Limit {
  /** null = unlimited. */
  soft: number | null;
  hard: number | null;
}

export interface LimitSpec {
  /** The config key and command-line flags it comes from. */
  setting: 'minfds' | 'minprocs';
  resource: 'RLIMIT_NOFILE' | 'RLIMIT_NPROC';
  /** Row title in /proc/PID/limits. */
  procRow: string;
  prlimitOption: '--nofile' | '--nproc';
  what: string;
}

export const LIMIT_SPECS: LimitSpec[] = [
  { setting: 'minfds', resource: 'RLIMIT_NOFILE', procRow: 'Max open files', prlimitOption: '--nofile', what: 'file descriptors' },
  { setting: 'minprocs', resource: 'RLIMIT_NPROC', procRow: 'Max processes', prlimitOption: '--nproc', what: 'processes' },
];

/** The limits to set so that soft ≥ minimum, or null when nothing needs to change. */
export function plannedLimit(current: Limit, minimum: number): { soft: number; hard: number | null } | null {
  if (current.soft === null || current.soft >= minimum) return null;
  const hard = current.hard !== null && current.hard < minimum ? minimum : current.hard;
  return { soft: minimum, hard };
}

/** One row of /proc/PID/limits ("Max open files  1024  1048576  files"). */
export function parseProcLimit(limitsText: string, row: string): Limit | undefined {
  const line = limitsText.split('\n').find((candidate) => candidate.startsWith(row));
  if (!line) return undefined;
  const [soft, hard] = line.slice(row.length).trim().split(/\s+/);
  const value = (text: string | undefined) => (text === undefined || text === 'unlimited' ? null : Number(text));
  return { soft: value(soft), hard: value(hard) };
}

function raiseWithPrlimit(spec: LimitSpec, target: { soft: number; hard: number | null }): void {
  const value = `${target.soft}:${target.hard ?? 'unlimited'}`;
  execFileSync('prlimit', ['--pid', String(process.pid), `${spec.prlimitOption}=${value}`], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Raise what is below its minimum; returns the info lines for the main log. Throws a UserError
 * (exit 2, as supervisord's usage error) naming the setting, the minimum and what is allowed.
 */
export function ensureMinimumLimits(minimums: { minfds: number; minprocs: number }, raise = raiseWithPrlimit): string[] {
  let limitsText: string;
  try {
    limitsText = readFileSync(`/proc/${process.pid}/limits`, 'utf8');
  } catch {
    return []; // no /proc: nothing we can check
  }
  const infos: string[] = [];
  for (const spec of LIMIT_SPECS) {
    const minimum = minimums[spec.setting];
    const current = parseProcLimit(limitsText, spec.procRow);
    const target = current && plannedLimit(current, minimum);
    if (!target) continue;
    try {
      raise(spec, target);
    } catch (error) {
      const reason = (error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message;
      throw new UserError(
        `The minimum number of ${spec.what} required to run this process is ${minimum} ("${spec.setting}" in [supervisord] or on the command line), ` +
          `but this environment allows only ${current!.soft} (hard limit ${current!.hard ?? 'unlimited'}; ${reason}). ` +
          `Raise the limit (ulimit, or ${spec.resource === 'RLIMIT_NOFILE' ? 'LimitNOFILE=' : 'LimitNPROC='} in a systemd unit) or lower ${spec.setting}.`,
        { exitCode: 2 },
      );
    }
    infos.push(`Increased ${spec.resource} limit to ${minimum}`);
  }
  return infos;
}
