/**
 * GET /api/health: the doctor's findings for this daemon's config, for the page's health panel.
 * The doctor is loaded lazily (the daemon should not pay for it unless someone looks) and runs
 * only on request, one run at a time, with the last answer reused for a few seconds so a phone
 * refreshing the panel cannot keep a Pi busy. Only what a person needs to read leaves the
 * daemon: check-private data (which can hold the config's passwords) and evidence are dropped.
 */
import type { CheckResult, DoctorReport } from '../doctor/types.js';

export interface HealthFinding {
  severity: 'error' | 'warn';
  message: string;
  file?: string;
  line?: number;
  program?: string;
  fix?: { description: string; safety: string; commands?: string[] };
}

export interface HealthCheck {
  id: string;
  title: string;
  area: string;
  status: CheckResult['status'];
  detail?: string;
  findings: HealthFinding[];
}

export interface HealthReport {
  configFile?: string;
  backend: string;
  summary: DoctorReport['summary'];
  checks: HealthCheck[];
  ranAt: number;
}

export type DoctorRunner = (options: { configFile?: string; checkTimeoutMs?: number; insideServingDaemon?: boolean }) => Promise<DoctorReport>;

/** Strip a doctor report down to what the panel shows (pure). */
export function toHealthReport(report: DoctorReport, ranAt: number): HealthReport {
  return {
    configFile: report.configFile,
    backend: String(report.backend),
    summary: report.summary,
    ranAt,
    checks: report.checks.map((check) => ({
      id: check.id,
      title: check.title,
      area: check.area,
      status: check.status,
      ...(check.detail !== undefined ? { detail: check.detail } : {}),
      findings: check.findings.map((finding) => ({
        severity: finding.severity,
        message: finding.message,
        ...(finding.file !== undefined ? { file: finding.file } : {}),
        ...(finding.line !== undefined ? { line: finding.line } : {}),
        ...(finding.program !== undefined ? { program: finding.program } : {}),
        ...(finding.fix
          ? { fix: { description: finding.fix.description, safety: finding.fix.safety, ...(finding.fix.commands ? { commands: finding.fix.commands } : {}) } }
          : {}),
      })),
    })),
  };
}

export interface HealthService {
  report(): Promise<HealthReport>;
}

export function createHealthService(run: DoctorRunner, configFile: string | undefined, options: { reuseMs?: number; now?: () => number } = {}): HealthService {
  const reuseMs = options.reuseMs ?? 10000;
  const now = options.now ?? Date.now;
  let last: HealthReport | undefined;
  let running: Promise<HealthReport> | undefined;
  return {
    report() {
      if (last && now() - last.ranAt < reuseMs) return Promise.resolve(last);
      // The daemon asking is the supervisor the doctor finds on the config's port: its own, not "another".
      running ??= run({ configFile, checkTimeoutMs: 10000, insideServingDaemon: true })
        .then((report) => (last = toHealthReport(report, now())))
        .finally(() => {
          running = undefined;
        });
      return running;
    },
  };
}
