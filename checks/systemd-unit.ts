/**
 * `systemd-unit`: a supervisor unit whose ExecStart names a binary that does not exist, that is
 * not enabled, or that systemd reports as failed.
 */
import path from 'node:path';
import { canExecuteFile } from '../src/system/access.js';
import { servicesForConfig, whichUnderRoot } from '../src/doctor/boot-service.js';
import { planConfigEdit } from '../src/doctor/config-edit.js';
import type { Check, DoctorContext, Finding } from '../src/doctor/types.js';

const EXEC_START = /^(\s*ExecStart=)([-@+!:]*)(\S+)(.*)$/m;

function isEnabled(ctx: DoctorContext, name: string): boolean {
  for (const target of ['multi-user.target.wants', 'default.target.wants', 'graphical.target.wants']) {
    if (ctx.files.lstat(path.join(ctx.serviceDirs.systemd[0]!, target, `${name}.service`))) return true;
  }
  return false;
}

/** Rewrite the unit's ExecStart, or enable the unit. */
type UnitFixData = { kind: 'rewrite'; file: string; content: string } | { kind: 'enable'; name: string; unitFile: string };

export const systemdUnitCheck: Check<UnitFixData> = {
  id: 'systemd-unit',
  title: 'systemd unit starts the right binary',
  area: 'service',
  appliesTo: (ctx) => (servicesForConfig(ctx).some((s) => s.kind === 'systemd') ? true : 'no systemd unit for this config'),
  async run(ctx) {
    const findings: Finding<UnitFixData>[] = [];
    for (const unit of servicesForConfig(ctx).filter((s) => s.kind === 'systemd')) {
      const match = EXEC_START.exec(unit.text);
      const binary = match?.[3];
      if (binary) {
        const access = await canExecuteFile({ uid: 0, gids: [0] }, binary, ctx.root);
        if (!access.ok) {
          const found = whichUnderRoot(ctx, path.basename(binary));
          findings.push({
            severity: 'error',
            message: `${unit.file}: ExecStart=${binary} ${access.reason === 'missing' ? 'does not exist' : 'is not executable'}${found ? ` (${path.basename(binary)} is ${found})` : ''}: the unit fails at start`,
            file: unit.file,
            line: unit.text.slice(0, match!.index).split('\n').length,
            fix: found ? { description: `set ExecStart to ${found}`, safety: 'confirm' } : { description: `install ${path.basename(binary)} or correct ExecStart`, safety: 'manual' },
            data: found ? { kind: 'rewrite', file: unit.file, content: unit.text.replace(EXEC_START, (_m, head: string, prefix: string, _b: string, rest: string) => `${head}${prefix}${found}${rest}`) } : undefined,
          });
        }
      }
      if (!isEnabled(ctx, unit.name)) {
        findings.push({
          severity: 'warn',
          message: `${unit.name}.service is not enabled: the supervisor does not start at boot`,
          file: unit.file,
          fix: { description: `enable it (systemctl enable ${unit.name})`, safety: 'confirm', commands: [`systemctl enable ${unit.name}.service`] },
          data: { kind: 'enable', name: unit.name, unitFile: unit.file },
        });
      }
      if (ctx.root === '/' && ctx.serviceDirs.systemd[0] === '/etc/systemd/system' && ctx.files.exists('/run/systemd/system')) {
        const state = await ctx.exec(['systemctl', 'is-failed', `${unit.name}.service`], { timeoutMs: 5000 });
        if (state.stdout.trim() === 'failed') {
          findings.push({
            severity: 'error',
            message: `${unit.name}.service has failed (see journalctl -u ${unit.name})`,
            file: unit.file,
            fix: { description: `fix the cause, then systemctl restart ${unit.name}`, safety: 'manual', commands: [`journalctl -u ${unit.name} -n 50`, `systemctl restart ${unit.name}`] },
          });
        }
      }
    }
    return findings;
  },
  async fix(ctx, finding) {
    const data = finding.data;
    if (data?.kind === 'rewrite') return planConfigEdit(ctx, data.file, () => data.content, `correct ExecStart of ${data.file}`);
    if (data?.kind !== 'enable') return undefined;
    return {
      title: `Enable ${data.name}.service`,
      operations: [{ kind: 'symlink', path: path.join(ctx.serviceDirs.systemd[0]!, 'multi-user.target.wants', `${data.name}.service`), target: data.unitFile, reason: 'start at boot (what systemctl enable does)' }],
    };
  },
};
