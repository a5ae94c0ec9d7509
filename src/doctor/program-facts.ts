/**
 * Facts about configured programs the checks share: who a program runs as, the namespec
 * supervisorctl uses, the environment the supervisor gives it, and its runtime state.
 */
import { readFileSync } from 'node:fs';
import type { ProcessConfig } from '../config/types.js';
import { makeNamespec } from '../protocol/namespec.js';
import type { ProcessInfo } from '../protocol/types.js';
import type { Identity } from '../system/access.js';
import { findUser, groupIdsOf, type PasswdEntry } from '../system/users.js';
import type { DoctorContext } from './types.js';

export function namespecOf(proc: { group: string; name: string }): string {
  return makeNamespec(proc.group, proc.name);
}

/** The user a program's process runs as: its `user=`, else the daemon's user. */
export function programUser(ctx: DoctorContext, proc: ProcessConfig): PasswdEntry {
  return (proc.user ? findUser(ctx.accounts, proc.user) : undefined) ?? ctx.daemonUser;
}

export function programIdentity(ctx: DoctorContext, proc: ProcessConfig): Identity {
  const user = programUser(ctx, proc);
  return { uid: user.uid, gids: groupIdsOf(ctx.accounts, user) };
}

/** Parse /proc/PID/environ text. */
export function parseEnviron(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of text.split('\0')) {
    const eq = item.indexOf('=');
    if (eq > 0) env[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return env;
}

/** The supervisor's own environment: the running daemon's, else svwiz's (what a start from here would pass). */
export function supervisorEnvironment(ctx: DoctorContext): Record<string, string> {
  const pid = ctx.supervisor.processes[0]?.pid;
  if (pid) {
    try {
      return parseEnviron(readFileSync(`/proc/${pid}/environ`, 'utf8'));
    } catch {
      // not readable (another user's daemon): fall back to ours
    }
  }
  return Object.fromEntries(Object.entries(ctx.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** What the child gets (reference §1.7): supervisor env + [supervisord] environment + program environment. */
export function childEnvironment(ctx: DoctorContext, proc: ProcessConfig): Record<string, string> {
  return { ...supervisorEnvironment(ctx), ...(ctx.config?.supervisord.environment ?? {}), ...(proc.environment ?? {}) };
}

export function processInfoOf(ctx: DoctorContext, proc: { group: string; name: string }): ProcessInfo | undefined {
  return ctx.supervisor.processInfo?.find((info) => info.group === proc.group && info.name === proc.name);
}

/** One process per program section (numprocs copies share their config problems). */
export function programsOnce(ctx: DoctorContext): ProcessConfig[] {
  const seen = new Set<string>();
  return (ctx.config?.processes ?? []).filter((p) => !seen.has(p.section) && seen.add(p.section));
}
