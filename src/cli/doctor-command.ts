/**
 * `svwiz doctor` handler: run the checks, print the report (text or the JSON contract), and with
 * --fix show every plan, get consent (--yes, or a prompt on a TTY; never silently without a TTY),
 * apply with backups, re-run and print before → after (the session itself is src/doctor/fix-session.ts;
 * this file renders it and asks). Exit 0 when no error remains, 1 otherwise
 * (--strict: warnings too), 2 for usage errors.
 */
import { UsageError, describeError } from '../errors.js';
import { renderPlanDiff } from '../plan/render.js';
import { allChecks } from '../../checks/index.js';
import { backupsOf, mergeStatus, runFixSession, type FixCandidate } from '../doctor/fix-session.js';
import { doctorExitCode, runDoctorWithContext, selectChecks, type DoctorOptions, type DoctorRun } from '../doctor/run.js';
import { doctorProgress } from './doctor-progress.js';
import { colourFor, renderBeforeAfter, renderReportText, reportToJson } from './doctor-render.js';
import { renderJsonDocument } from '../protocol/json-document.js';
import type { DoctorCommandOptions } from './doctor-flags.js';

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
  const session = await runFixSession(
    before,
    {
      async present(candidates) {
        info.write(`\nProposed fixes:\n`);
        for (const candidate of candidates) info.write(`\n[${candidate.check.id}] (${candidate.finding.fix!.safety}) ${await renderPlanDiff(candidate.plan, before.ctx.root)}`);
      },
      consent: (candidates) => chooseFixes(candidates, options, info),
      applied(manifests) {
        const backups = backupsOf(manifests);
        if (backups.length) info.write(`\nBackups:\n${backups.map((b) => `  ${b}`).join('\n')}\n`);
      },
      recheck: () => runWithProgress(doctorOptions),
      planFailed: (check, error) => process.stderr.write(`cannot plan the fix for [${check.id}]: ${describeError(error)}\n`),
      applyFailed: (candidate, error) => info.write(`fix for [${candidate.check.id}] failed: ${describeError(error)}\n`),
    },
    { backupDir: options.backupDir },
  );
  if (session.candidates.length === 0) info.write('\nNothing to fix automatically.\n');
  const after = session.after;
  if (!after) {
    if (options.json) out.write(renderJsonDocument(reportToJson(before.report, session.applied)));
    return doctorExitCode(before.report, options.strict);
  }
  if (options.json) {
    out.write(renderJsonDocument(reportToJson(mergeStatus(before.report, after.report), session.applied)));
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
