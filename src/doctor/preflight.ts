/**
 * The doctor as a preflight for other commands (svwizd start, svwiz init): the checks that
 * explain a failed start (socket, port, log permissions, config), returned as plain lines with no
 * colour or prompt code, so the daemon can print them instead of a bare failure.
 */
import { runDoctor, type DoctorOptions } from './run.js';
import type { DoctorReport } from './types.js';

export const PREFLIGHT_CHECKS = ['config-syntax', 'config-values', 'stale-socket', 'port-collision', 'log-permissions', 'pidfile'];

export async function runPreflight(options: Omit<DoctorOptions, 'checks'> & { checks?: string[] }): Promise<{ report: DoctorReport; lines: string[]; ok: boolean }> {
  const report = await runDoctor({ ...options, checks: options.checks ?? PREFLIGHT_CHECKS });
  const lines: string[] = [];
  for (const check of report.checks) {
    for (const finding of check.findings) {
      const where = finding.file ? `${finding.file}${finding.line ? `:${finding.line}` : ''}: ` : '';
      lines.push(`${finding.severity === 'error' ? 'error' : 'warning'} [${check.id}] ${where}${finding.message}`);
      if (finding.fix) lines.push(`  fix: ${finding.fix.description}${finding.fix.safety === 'manual' ? '' : ` (svwiz doctor --fix --check ${check.id})`}`);
    }
    if (check.status === 'crashed') lines.push(`error [${check.id}] the check crashed: ${check.detail}`);
  }
  return { report, lines, ok: report.summary.error === 0 };
}
