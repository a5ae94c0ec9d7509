/**
 * `log-permissions`: every file the daemon opens as its own user (main log, pidfile, program logs,
 * AUTO logs in childlogdir, the socket's dir) must be writable by that user, or programs die with
 * "unknown error making dispatchers for 'x': EACCES" (reference §6.3). Fixes are least privilege:
 * mkdir/chown to the daemon's user with 0750 dirs and 0640 files; system dirs are never handed over.
 */
import path from 'node:path';
import { canWriteDirectory, canWriteFile, type AccessResult } from '../src/system/access.js';
import { userNameOf, groupNameOf } from '../src/system/users.js';
import { formatMode, SYSTEM_DIRS } from '../src/system/paths.js';
import { positionOf } from '../src/doctor/config-locate.js';
import { namespecOf } from '../src/doctor/program-facts.js';
import type { Check, DoctorContext, Finding } from '../src/doctor/types.js';
import type { PlanOperation } from '../src/plan/types.js';


const MISSING_DIR = /The directory named as part of the path (\S+) does not exist/;

interface Need {
  path: string;
  kind: 'file' | 'dir';
  what: string;
  section: string;
  key: string;
  program?: string;
}

function needsOf(ctx: DoctorContext): Need[] {
  const config = ctx.config!;
  const needs: Need[] = [];
  const s = config.supervisord;
  if (s.logfile && !/^syslog$/i.test(s.logfile)) needs.push({ path: s.logfile, kind: 'file', what: 'the main log', section: 'supervisord', key: 'logfile' });
  needs.push({ path: s.pidfile, kind: 'file', what: 'the pidfile', section: 'supervisord', key: 'pidfile' });
  for (const server of config.unixHttpServers) needs.push({ path: path.dirname(server.file), kind: 'dir', what: `the socket dir of [${server.section}]`, section: server.section, key: 'file' });
  let auto = false;
  for (const proc of config.processes) {
    for (const channel of ['stdout', 'stderr'] as const) {
      if (channel === 'stderr' && proc.redirect_stderr) continue;
      const file = proc[`${channel}_logfile`];
      if (file === 'AUTO') auto = true;
      else if (file && !file.startsWith('/dev/') && !/^syslog$/i.test(file)) {
        needs.push({ path: file, kind: 'file', what: `${channel} log of ${namespecOf(proc)}`, section: proc.section, key: `${channel}_logfile`, program: namespecOf(proc) });
      }
    }
  }
  if (auto) needs.push({ path: s.childlogdir, kind: 'dir', what: 'childlogdir (AUTO logs)', section: 'supervisord', key: 'childlogdir' });
  const seen = new Set<string>();
  return needs.filter((n) => !seen.has(n.path) && seen.add(n.path));
}

function describeBlock(ctx: DoctorContext, result: AccessResult): string {
  const f = result.facts;
  const facts = f ? ` (owner ${userNameOf(ctx.accounts, f.uid)}:${groupNameOf(ctx.accounts, f.gid)}, mode ${formatMode(f.mode)})` : '';
  const verb = { missing: 'does not exist', 'no-search': 'cannot be entered', 'no-write': 'is not writable', 'no-read': 'is not readable', 'no-exec': 'is not executable', 'not-a-directory': 'is not a directory' }[result.reason!];
  return `${result.blockedAt} ${verb}${facts}`;
}

/** The least-privilege repair for one blocked path, or undefined when a person must decide. */
function repairFor(ctx: DoctorContext, need: Need, result: AccessResult): PlanOperation[] | undefined {
  const owner = `${ctx.daemonUser.name}`;
  const blocked = result.blockedAt!;
  const targetDir = need.kind === 'dir' ? need.path : path.dirname(need.path);
  if (result.reason === 'missing') {
    if (SYSTEM_DIRS.has(targetDir)) return undefined;
    return [{ kind: 'mkdir', path: targetDir, mode: 0o750, owner, reason: `${need.what} needs its directory` }];
  }
  if (SYSTEM_DIRS.has(blocked)) return undefined;
  if (result.reason === 'no-write' && blocked === need.path && need.kind === 'file') {
    return [
      { kind: 'chown', path: blocked, owner, reason: `${ctx.daemonUser.name} writes ${need.what}` },
      { kind: 'chmod', path: blocked, mode: 0o640, reason: 'owner writes, group reads' },
    ];
  }
  if ((result.reason === 'no-write' || result.reason === 'no-search') && blocked === targetDir) {
    return [
      { kind: 'chown', path: blocked, owner, reason: `${ctx.daemonUser.name} creates ${need.what} here` },
      { kind: 'chmod', path: blocked, mode: 0o750, reason: 'owner writes, group enters' },
    ];
  }
  return undefined;
}

/** The operations that give the daemon its log paths (none for a system dir it must not create). */
interface LogPathsFixData {
  ops: PlanOperation[] | undefined;
}

export const logPermissionsCheck: Check<LogPathsFixData> = {
  id: 'log-permissions',
  title: "Daemon's user can write its logs, pidfile and socket",
  area: 'permissions',
  appliesTo: (ctx) => (ctx.config || (ctx.configError && MISSING_DIR.test(ctx.configError.message)) ? true : 'the config did not load'),
  async run(ctx) {
    if (!ctx.config) {
      const dir = path.dirname(MISSING_DIR.exec(ctx.configError!.message)![1]!.replace(/^'|'$/g, ''));
      return [
        {
          severity: 'error',
          message: `${ctx.configError!.message.split('\n')[0]}: supervisord refuses to start`,
          file: ctx.configError!.file,
          line: ctx.configError!.line,
          fix: { description: `create ${dir} owned by ${ctx.daemonUser.name} (mode 0750)`, safety: 'safe', commands: [`install -d -m 0750 -o ${ctx.daemonUser.name} ${dir}`] },
          data: { ops: SYSTEM_DIRS.has(dir) ? undefined : [{ kind: 'mkdir', path: dir, mode: 0o750, owner: ctx.daemonUser.name, reason: 'log directory named in the config' }] },
        },
      ];
    }
    const byBlock = new Map<string, Finding<LogPathsFixData>>();
    for (const need of needsOf(ctx)) {
      const result = need.kind === 'dir' ? await canWriteDirectory(ctx.daemonIdentity, need.path, ctx.root) : await canWriteFile(ctx.daemonIdentity, need.path, ctx.root);
      if (result.ok) continue;
      const key = `${result.blockedAt}|${result.reason}`;
      const existing = byBlock.get(key);
      if (existing) {
        existing.message += `, ${need.what}`;
        continue;
      }
      const ops = repairFor(ctx, need, result);
      const info = need.program ? ctx.supervisor.processInfo?.find((i) => namespecOf(i) === need.program) : undefined;
      byBlock.set(key, {
        severity: 'error',
        message: `${ctx.daemonUser.name} (the daemon's user) cannot write: ${describeBlock(ctx, result)}; needed for ${need.what}`,
        ...positionOf(ctx, need.section, need.key),
        program: need.program,
        evidence: [`daemon runs as uid ${ctx.daemonIdentity.uid} groups ${ctx.daemonIdentity.gids.join(',')}`, ...(info?.spawnerr ? [`spawnerr: ${info.spawnerr}`] : [])],
        fix: ops
          ? { description: ops.map((op) => ('mode' in op && op.kind === 'chmod' ? `chmod ${formatMode(op.mode)} ${op.path}` : op.kind === 'chown' ? `chown ${op.owner} ${op.path}` : op.kind === 'mkdir' ? `mkdir -m ${formatMode(op.mode!)} ${op.path} (owner ${op.owner})` : '')).join('; '), safety: 'safe' }
          : { description: `give ${ctx.daemonUser.name} write access to ${result.blockedAt} (a system dir: use a dedicated subdirectory owned by ${ctx.daemonUser.name} instead)`, safety: 'manual' },
        data: { ops },
      });
    }
    return [...byBlock.values()];
  },
  async fix(_ctx, finding) {
    const ops = finding.data?.ops;
    return ops ? { title: 'Give the daemon its log paths', operations: ops } : undefined;
  },
};
