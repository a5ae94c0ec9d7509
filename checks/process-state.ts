/**
 * `process-state`: programs in FATAL or BACKOFF, or that exited unexpectedly, with the tail of
 * their stderr and a diagnosis. When the cause belongs to another check (EACCES → log-permissions,
 * chdir → directory, …) this is a warning that points there; the fix restarts the program after
 * every other fix has been applied.
 */
import { namespecOf } from '../src/doctor/program-facts.js';
import { tailFile } from '../src/doctor/program-logs.js';
import { supervisorActionStep } from '../src/doctor/supervisor-actions.js';
import type { Check, DoctorContext, Finding } from '../src/doctor/types.js';
import type { ProcessInfo } from '../src/protocol/types.js';

const DIAGNOSES: { pattern: RegExp; check: string; text: string }[] = [
  { pattern: /making dispatchers.*E(ACCES|PERM|NOENT|ISDIR)/, check: 'log-permissions', text: 'the daemon cannot open the log files' },
  { pattern: /couldn't chdir/, check: 'directory', text: 'directory= cannot be entered' },
  { pattern: /can't find command|is not executable|no permission to run|couldn't exec|is a directory|command is empty|can't parse command/, check: 'command', text: 'the command cannot be executed' },
  { pattern: /couldn't setuid|couldn't setgid|Can't drop privilege/, check: 'program-user', text: 'the user switch fails' },
  { pattern: /ModuleNotFoundError|No module named|error while loading shared libraries|Cannot find module|KeyError: '/, check: 'missing-env', text: 'the program misses environment variables' },
];

async function stderrTail(ctx: DoctorContext, info: ProcessInfo): Promise<string> {
  if (ctx.supervisor.rpc) {
    try {
      const [text] = (await ctx.supervisor.rpc.call('supervisor.tailProcessStderrLog', namespecOf(info), 0, 2000)) as unknown as [string];
      if (text) return text;
      const [out] = (await ctx.supervisor.rpc.call('supervisor.tailProcessStdoutLog', namespecOf(info), 0, 2000)) as unknown as [string];
      return out;
    } catch {
      // fall back to the file
    }
  }
  return info.stderr_logfile ? tailFile(ctx.hostPath(info.stderr_logfile), 2000) : '';
}

export const processStateCheck: Check = {
  id: 'process-state',
  title: 'Programs are running',
  area: 'programs',
  fixOrder: 100,
  appliesTo: (ctx) => (ctx.supervisor.rpc ? true : 'no supervisor answers'),
  async run(ctx) {
    // getProcessInfo does not say whether an exit was expected: compare with the program's exitcodes.
    const unexpectedExit = (info: ProcessInfo) => {
      const config = ctx.config?.processes.find((p) => p.group === info.group && p.name === info.name);
      return info.statename === 'EXITED' && !(config?.exitcodes ?? [0]).includes(info.exitstatus);
    };
    const failing = (ctx.supervisor.processInfo ?? []).filter((info) => ['FATAL', 'BACKOFF', 'UNKNOWN'].includes(info.statename) || unexpectedExit(info));
    const findings: Finding[] = [];
    for (const info of failing) {
      const tail = await stderrTail(ctx, info);
      const text = `${info.spawnerr}\n${info.description}\n${tail}`;
      const diagnosis = DIAGNOSES.find((d) => d.pattern.test(text));
      const reason = info.spawnerr || info.description || `exit status ${info.exitstatus}`;
      findings.push({
        severity: diagnosis ? 'warn' : 'error',
        message: `${namespecOf(info)} is ${info.statename} (${reason})${diagnosis ? `: ${diagnosis.text}, see check ${diagnosis.check}` : ''}`,
        program: namespecOf(info),
        evidence: tail.trim() ? tail.trim().split('\n').slice(-10) : [],
        fix: { description: `restart ${namespecOf(info)} once its cause is fixed`, safety: 'safe', commands: [`supervisorctl restart ${namespecOf(info)}`] },
        data: { name: namespecOf(info) },
      });
    }
    return findings;
  },
  async fix(ctx, finding) {
    const steps = supervisorActionStep(ctx, 'restart', finding.data!.name as string, 'start it again now that its cause is fixed');
    return steps.length ? { title: `Restart ${finding.program}`, operations: steps } : undefined;
  },
};
