/** Text the wizard prints: the detection summary and the doctor's verdict. Pure formatting. */
import type { DoctorReport } from '../doctor/types.js';
import type { SystemFacts } from './types.js';
import { marksFor } from '../system/terminal-style.js';

export function describeFacts(facts: SystemFacts): string[] {
  const lines: string[] = [];
  const distro = facts.platform.distro?.prettyName ?? facts.platform.os;
  lines.push(`System:      ${distro} (${facts.platform.arch})${facts.platform.piModel ? `, ${facts.platform.piModel}` : ''}`);
  const init = facts.initSystem;
  lines.push(
    `Init system: ${init.kind}${init.container ? ` (in a ${init.container} container)` : ''} — ${init.evidence.join('; ')}`,
  );
  lines.push(`Running as:  ${facts.user.name}${facts.isRoot ? ' (root)' : ' (not root: user-mode setup)'}${facts.root !== '/' ? `, target root ${facts.root}` : ''}`);
  const i = facts.installs;
  const found: string[] = [];
  if (i.pythonSupervisord) found.push(`supervisord ${i.pythonSupervisord.version ?? '?'} at ${i.pythonSupervisord.path}`);
  if (i.pythonSupervisorctl) found.push(`supervisorctl ${i.pythonSupervisorctl.version ?? '?'} at ${i.pythonSupervisorctl.path}`);
  if (i.debianLayout) found.push(`Debian layout ${i.debianLayout.configFile} (include ${i.debianLayout.includeGlobs.join(' ') || 'none'})`);
  for (const file of i.defaultConfigs) if (file !== i.debianLayout?.configFile) found.push(`config ${file}`);
  if (i.svwizSetup) found.push(`svwiz setup ${i.svwizSetup.recordFile}`);
  lines.push(`Existing:    ${found.length ? found.join('; ') : 'no supervisor installed'}`);
  lines.push(`Free port:   ${facts.freePort || 'none found from 9001'}`);
  return lines;
}

export function describeDoctor(report: DoctorReport, onlyProgram?: string): string[] {
  const lines: string[] = [];
  for (const check of report.checks) {
    if (check.status === 'crashed') lines.push(`  ! ${check.title}: check crashed (${check.detail ?? ''})`);
    for (const finding of check.findings) {
      if (onlyProgram && finding.program && finding.program !== onlyProgram) continue;
      lines.push(`  ${finding.severity === 'error' ? marksFor().error : marksFor().warn} ${finding.message}`);
      if (finding.fix) lines.push(`      fix: ${finding.fix.description}${finding.fix.commands?.length ? ` (${finding.fix.commands.join('; ')})` : ''}`);
    }
  }
  const { ok, warn, error } = report.summary;
  lines.unshift(`Doctor: ${ok} ok, ${warn} warning${warn === 1 ? '' : 's'}, ${error} error${error === 1 ? '' : 's'}`);
  return lines;
}
