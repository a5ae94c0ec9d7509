/**
 * `svwiz doctor` handler: run the checks, print the report (text or the JSON contract), and with
 * --fix show every plan, get consent (--yes, or a prompt on a TTY; never silently without a TTY),
 * apply with backups, re-run and print before → after. Exit 0 when no error remains, 1 otherwise
 * (--strict: warnings too), 2 for usage errors.
 */
import { UsageError, describeError } from '../errors.js';
import { applyPlan } from '../plan/apply.js';
import { renderPlanDiff } from '../plan/render.js';
import type { Manifest, Plan } from '../plan/types.js';
import { allChecks } from '../../checks/index.js';
import { doctorExitCode, runDoctorWithContext, selectChecks, summarize, type DoctorOptions, type DoctorRun } from '../doctor/run.js';
import { doctorProgress } from './doctor-progress.js';
import type { Check, DoctorReport, Finding } from '../doctor/types.js';
import { colourFor, renderBeforeAfter, renderReportText, reportToJson } from './doctor-render.js';
import { renderJsonDocument } from '../protocol/json-document.js';

/** The flags of `svwiz doctor` (declared with commander in commands/doctor.ts). */
export interface DoctorCommandOptions {
  config?: string;
  root?: string;
  fix?: boolean;
  yes?: boolean;
  json?: boolean;
  verbose?: boolean;
  strict?: boolean;
  check?: string[];
  listChecks?: boolean;
  backupDir?: string;
  timeout?: string;
  initDir?: string;
  rcDir?: string;
  unitDir?: string[];
}

interface FixCandidate {
  check: Check;
  finding: Finding;
  plan: Plan;
}

export async function runDoctorCommand(options: DoctorCommandOptions): Promise<number> {
  const out = process.stdout;
  if (options.listChecks) {
    for (const check of allChecks) out.write(`${check.id.padEnd(20)} ${check.area.padEnd(12)} ${check.title}\n`);
    return 0;
  }
  const timeout = Number(options.timeout ?? 20000);
  if (!Number.isInteger(timeout) || timeout <= 0) throw new UsageError(`--timeout must be a positive number of milliseconds, not '${options.timeout}'`);
  const serviceDirs = { initd: options.initDir, rcBase: options.rcDir, systemd: options.unitDir };
  const doctorOptions = { configFile: options.config, root: options.root, checks: options.check, checkTimeoutMs: timeout, serviceDirs, registry: allChecks };
  const before = await runWithProgress(doctorOptions);
  const colour = colourFor(out);
  // With --json, stdout carries the JSON document only; everything else goes to stderr.
  const info = options.json ? process.stderr : out;

  if (!options.fix) {
    out.write(options.json ? renderJsonDocument(reportToJson(before.report)) : renderReportText(before.report, { verbose: options.verbose, colour }));
    return doctorExitCode(before.report, options.strict);
  }

  if (!options.json) out.write(renderReportText(before.report, { verbose: options.verbose, colour }));
  const candidates = await buildFixes(before);
  const applied = new Map<Finding, boolean>();
  for (const result of before.report.checks) for (const finding of result.findings) if (finding.fix) applied.set(finding, false);
  if (candidates.length === 0) {
    info.write('\nNothing to fix automatically.\n');
    if (options.json) out.write(renderJsonDocument(reportToJson(before.report, applied)));
    return doctorExitCode(before.report, options.strict);
  }
  info.write(`\nProposed fixes:\n`);
  for (const candidate of candidates) info.write(`\n[${candidate.check.id}] (${candidate.finding.fix!.safety}) ${await renderPlanDiff(candidate.plan, before.ctx.root)}`);

  const accepted = await chooseFixes(candidates, options, info);
  const manifests: Manifest[] = [];
  for (const candidate of accepted) {
    try {
      // Rebuilt now: an earlier fix may have edited the same file.
      const plan = (await candidate.check.fix!(before.ctx, candidate.finding)) ?? { title: candidate.plan.title, operations: [] };
      manifests.push(await applyPlan(plan, { root: before.ctx.root, backupDir: options.backupDir }));
      applied.set(candidate.finding, true);
    } catch (error) {
      info.write(`fix for [${candidate.check.id}] failed: ${describeError(error)}\n`);
    }
  }
  if (accepted.length === 0) {
    if (options.json) out.write(renderJsonDocument(reportToJson(before.report, applied)));
    return doctorExitCode(before.report, options.strict);
  }
  const backups = manifests.flatMap((m) => m.entries.filter((e) => e.backup).map((e) => `${'path' in e.operation ? e.operation.path : ''} → ${e.backup}`));
  if (backups.length) info.write(`\nBackups:\n${backups.map((b) => `  ${b}`).join('\n')}\n`);

  const after = await runWithProgress(doctorOptions);
  if (options.json) {
    out.write(renderJsonDocument(reportToJson(mergeStatus(before.report, after.report), applied)));
  } else {
    out.write('\n' + renderReportText(after.report, { verbose: options.verbose, colour, title: 'After fixes' }));
    out.write('\n' + renderBeforeAfter(before.report, after.report, colour));
  }
  return doctorExitCode(after.report, options.strict);
}

/** The doctor, telling stderr which checks it still waits for once it takes more than a second. */
async function runWithProgress(options: DoctorOptions): Promise<DoctorRun> {
  const progress = doctorProgress(selectChecks(options.registry, options.checks).map((check) => check.id));
  try {
    return await runDoctorWithContext({ ...options, onCheckDone: (id) => progress.checkDone(id) });
  } finally {
    progress.finish();
  }
}

/** Plans for every finding that has an automatic fix, in fix order (restarts last). */
async function buildFixes(run: DoctorRun): Promise<FixCandidate[]> {
  const candidates: FixCandidate[] = [];
  const ordered = [...run.checks].sort((a, b) => (a.fixOrder ?? 0) - (b.fixOrder ?? 0));
  for (const check of ordered) {
    const result = run.report.checks.find((r) => r.id === check.id);
    if (!result || !check.fix) continue;
    for (const finding of result.findings) {
      if (!finding.fix || finding.fix.safety === 'manual') continue;
      try {
        const plan = await check.fix(run.ctx, finding);
        if (plan && plan.operations.length > 0) candidates.push({ check, finding, plan });
      } catch (error) {
        process.stderr.write(`cannot plan the fix for [${check.id}]: ${describeError(error)}\n`);
      }
    }
  }
  return candidates;
}

async function chooseFixes(candidates: FixCandidate[], options: DoctorCommandOptions, info: NodeJS.WriteStream): Promise<FixCandidate[]> {
  if (options.yes) return candidates;
  const interactive = process.stdin.isTTY === true && info.isTTY === true;
  if (!interactive) {
    info.write('\nNot applied: no terminal to ask on. Re-run with --fix --yes to apply these fixes.\n');
    return [];
  }
  const { askYesNo } = await import('./doctor-prompts.js');
  const chosen: FixCandidate[] = [];
  const safe = candidates.filter((c) => c.finding.fix!.safety === 'safe');
  if (safe.length && (await askYesNo(`Apply ${safe.length} safe fix${safe.length === 1 ? '' : 'es'} (${[...new Set(safe.map((c) => c.check.id))].join(', ')})?`, true))) chosen.push(...safe);
  for (const candidate of candidates.filter((c) => c.finding.fix!.safety === 'confirm')) {
    if (await askYesNo(`[${candidate.check.id}] ${candidate.finding.fix!.description}?`, false)) chosen.push(candidate);
  }
  return candidates.filter((c) => chosen.includes(c));
}

/** Findings as found (with `applied`), statuses and summary as they are now. */
function mergeStatus(before: DoctorReport, after: DoctorReport): DoctorReport {
  const checks = before.checks.map((check) => {
    const now = after.checks.find((r) => r.id === check.id);
    if (!now) return check;
    const remaining = now.findings.filter((f) => !check.findings.some((old) => old.message === f.message));
    return { ...check, status: now.status, findings: [...check.findings, ...remaining] };
  });
  return { ...after, checks, summary: summarize(after.checks) };
}
