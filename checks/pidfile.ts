/**
 * `pidfile`: a pidfile naming a dead (or unrelated) process, and two daemons running on one
 * config (a distro service plus a manual start: every program runs twice).
 */
import { isPidAlive, processAgeSeconds, readProcess, classifySupervisorArgv } from '../src/system/processes.js';
import { positionOf } from '../src/doctor/config-locate.js';
import type { Check, Finding } from '../src/doctor/types.js';

/** The stale pidfile the fix removes. */
interface PidfileFixData {
  path: string;
}

export const pidfileCheck: Check<PidfileFixData> = {
  id: 'pidfile',
  title: 'Pidfile and daemon count',
  area: 'daemon',
  appliesTo: (ctx) => (ctx.config ? true : 'the config did not load'),
  async run(ctx) {
    const findings: Finding<PidfileFixData>[] = [];
    const pidfile = ctx.config!.supervisord.pidfile;
    const where = positionOf(ctx, 'supervisord', 'pidfile');
    const text = ctx.files.readText(pidfile);
    if (text !== undefined && ctx.root === '/') {
      const pid = Number(text.trim());
      const proc = Number.isInteger(pid) && pid > 0 && isPidAlive(pid) ? readProcess(pid) : undefined;
      const isSupervisor = proc ? classifySupervisorArgv(proc.argv) !== undefined : false;
      if (!isSupervisor) {
        findings.push({
          severity: 'warn',
          message: proc
            ? `pidfile ${pidfile} names pid ${pid}, which is ${proc.comm}, not a supervisor (the pid was reused): init scripts may signal the wrong process`
            : `pidfile ${pidfile} is stale: pid ${text.trim() || '(empty)'} is not running`,
          ...where,
          fix: { description: `remove the stale pidfile ${pidfile}`, safety: 'safe', commands: [`rm ${pidfile}`] },
          data: { path: pidfile },
        });
      }
    }
    // A daemon younger than a few seconds may be a start that is about to fail on the busy socket;
    // one whose age cannot be read has exited since it was listed.
    const daemons = ctx.supervisor.processes.filter((d) => (processAgeSeconds(d.pid) ?? 0) >= 3);
    if (daemons.length > 1) {
      const listening = ctx.supervisor.rpc ? await ctx.supervisor.rpc.call('supervisor.getPID').catch(() => undefined) : undefined;
      const extra = daemons.filter((d) => d.pid !== listening);
      findings.push({
        severity: 'error',
        message: `${daemons.length} supervisors run on ${ctx.configFile} (pids ${daemons.map((d) => d.pid).join(', ')}): every program may run twice${listening ? `; pid ${listening} answers on the socket, stop the other${extra.length > 1 ? 's' : ''}` : ''}`,
        evidence: daemons.map((d) => `pid ${d.pid}: ${d.argv.join(' ')}`),
        fix: { description: `stop ${extra.map((d) => `pid ${d.pid}`).join(', ')}`, safety: 'manual', commands: extra.map((d) => `kill ${d.pid}`) },
      });
    }
    return findings;
  },
  async fix(_ctx, finding) {
    const target = finding.data?.path;
    return target ? { title: 'Remove the stale pidfile', operations: [{ kind: 'unlink', path: target, reason: 'the process it names is gone' }] } : undefined;
  },
};
