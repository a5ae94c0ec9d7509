/**
 * `world-writable`: configs, log files and log directories that any user may write. A writable
 * config lets anyone add a `[program:x]` that the supervisor runs (as root, often); a writable log
 * dir lets anyone replace the logs. It is how the seed "fixed" EACCES (chmod 777), so it is what
 * people have (#13). The fix is least privilege: the daemon's user owns its logs (0640 files, 0750
 * dirs) and configs lose the bits for others; sticky shared dirs (/tmp) and system dirs are left
 * alone.
 */
import path from 'node:path';
import { formatMode, SYSTEM_DIRS } from '../src/system/paths.js';
import type { Check, DoctorContext, Finding } from '../src/doctor/types.js';
import type { PlanOperation } from '../src/plan/types.js';


interface Target {
  path: string;
  kind: 'config' | 'log' | 'log dir';
}

function targetsOf(ctx: DoctorContext): Target[] {
  const config = ctx.config!;
  const targets: Target[] = config.files.map((file) => ({ path: file, kind: 'config' as const }));
  const logs = [config.supervisord.logfile, ...config.processes.flatMap((proc) => [proc.stdout_logfile, proc.redirect_stderr ? null : proc.stderr_logfile])];
  for (const log of logs) {
    if (!log || log === 'AUTO' || log.startsWith('/dev/') || /^syslog$/i.test(log)) continue;
    targets.push({ path: log, kind: 'log' }, { path: path.dirname(log), kind: 'log dir' });
  }
  if (config.processes.some((proc) => proc.stdout_logfile === 'AUTO' || proc.stderr_logfile === 'AUTO')) targets.push({ path: config.supervisord.childlogdir, kind: 'log dir' });
  const seen = new Set<string>();
  return targets.filter((target) => !seen.has(target.path) && seen.add(target.path));
}

/** The mode and owner a fix gives each kind: configs keep their owner, logs belong to the daemon's user. */
function repairFor(ctx: DoctorContext, target: Target, mode: number): (PlanOperation & { path: string })[] {
  const reason = 'no write access for every user on the machine';
  if (target.kind === 'config') return [{ kind: 'chmod', path: target.path, mode: mode & 0o750, reason }];
  const owner = ctx.daemonUser.name;
  const wanted = target.kind === 'log' ? 0o640 : 0o750;
  return [
    { kind: 'chown', path: target.path, owner, reason: `${owner} (the daemon's user) writes it` },
    { kind: 'chmod', path: target.path, mode: wanted, reason },
  ];
}

/** What the fix applies: the chown/chmod that take others' write bit off one path. */
interface WorldWritableFixData {
  operations: (PlanOperation & { path: string })[];
}

export const worldWritableCheck: Check<WorldWritableFixData> = {
  id: 'world-writable',
  title: 'Configs and logs are not writable by every user',
  area: 'permissions',
  appliesTo: (ctx) => (ctx.config ? true : 'the config did not load'),
  async run(ctx) {
    const findings: Finding<WorldWritableFixData>[] = [];
    for (const target of targetsOf(ctx)) {
      const stat = ctx.files.lstat(target.path);
      if (!stat || stat.isSymbolicLink() || (stat.mode & 0o002) === 0) continue;
      // A sticky shared dir (/tmp: 1777) is world-writable by design; so are the system's own dirs.
      if (target.kind === 'log dir' && ((stat.mode & 0o1000) !== 0 || SYSTEM_DIRS.has(target.path))) continue;
      const mode = stat.mode & 0o7777;
      const operations = repairFor(ctx, target, mode);
      const result = operations.map((op) => (op.kind === 'chmod' ? `chmod ${formatMode(op.mode)} ${op.path}` : op.kind === 'chown' ? `chown ${op.owner} ${op.path}` : '')).join('; ');
      findings.push({
        severity: target.kind === 'config' ? 'error' : 'warn',
        message:
          target.kind === 'config'
            ? `${target.path} (mode ${formatMode(mode)}) is writable by every user: anyone can add a program the supervisor runs`
            : `${target.kind === 'log' ? 'log file' : 'log directory'} ${target.path} (mode ${formatMode(mode)}) is writable by every user: anyone can replace or remove the logs (chmod 777 is never the fix for EACCES)`,
        file: target.kind === 'config' ? target.path : undefined,
        fix: { description: result, safety: 'safe', commands: operations.map((op) => (op.kind === 'chmod' ? `chmod ${formatMode(op.mode)} ${op.path}` : op.kind === 'chown' ? `chown ${op.owner} ${op.path}` : '')) },
        data: { operations },
      });
    }
    return findings;
  },
  async fix(_ctx, finding) {
    const operations = finding.data?.operations;
    return operations?.length ? { title: `Take write access for every user off ${operations[0]!.path}`, operations } : undefined;
  },
};
