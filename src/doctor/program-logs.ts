/** What a program wrote before it died, and the environment its user's login shell would give. */
import type { ProcessConfig } from '../config/types.js';
import type { PasswdEntry } from '../system/users.js';
import { namespecOf } from './program-facts.js';
import { callSupervisor } from './supervisor-rpc.js';
import type { DoctorContext } from './types.js';

/** The last `bytes` of the program's stderr (or stdout when redirected), via RPC, else from the file. */
export async function readCrashLog(ctx: DoctorContext, proc: ProcessConfig, bytes = 4000): Promise<string> {
  const channel = proc.redirect_stderr || !proc.stderr_logfile ? 'Stdout' : 'Stderr';
  if (ctx.supervisor.rpc) {
    try {
      const result = await callSupervisor(ctx.supervisor.rpc, `tailProcess${channel}Log`, namespecOf(proc), 0, bytes);
      return result[0];
    } catch {
      // fall through to the file
    }
  }
  const file = channel === 'Stdout' ? proc.stdout_logfile : proc.stderr_logfile;
  if (!file || file === 'AUTO') return '';
  return ctx.files.tail(file, bytes);
}

const loginCache = new WeakMap<DoctorContext, Map<string, Promise<Record<string, string> | undefined>>>();

/** `runuser -l USER -c env` (as root) or the user's own login shell (as that user); undefined when neither is possible. */
export function loginEnvironment(ctx: DoctorContext, user: PasswdEntry): Promise<Record<string, string> | undefined> {
  let cache = loginCache.get(ctx);
  if (!cache) loginCache.set(ctx, (cache = new Map()));
  let pending = cache.get(user.name);
  if (!pending) {
    pending = readLoginEnvironment(ctx, user);
    cache.set(user.name, pending);
  }
  return pending;
}

async function readLoginEnvironment(ctx: DoctorContext, user: PasswdEntry): Promise<Record<string, string> | undefined> {
  if (ctx.root !== '/') return undefined;
  const me = process.getuid?.();
  const argv = me === 0 ? ['runuser', '-l', user.name, '-c', 'env -0'] : me === user.uid ? [user.shell || '/bin/sh', '-l', '-c', 'env -0'] : undefined;
  if (!argv) return undefined;
  // A login shell runs the user's profile and can be slow or fail once on a busy machine (a Pi
  // at boot, a parallel useradd holding /etc/passwd): one retry before giving up on it.
  let result = await ctx.exec(argv, { timeoutMs: 8000 });
  if (result.code !== 0) result = await ctx.exec(argv, { timeoutMs: 8000 });
  if (result.code !== 0) return undefined;
  const env: Record<string, string> = {};
  for (const item of result.stdout.split('\0')) {
    const eq = item.indexOf('=');
    if (eq > 0) env[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return env;
}
