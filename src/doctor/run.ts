/**
 * The doctor runner: gather the context once, run every selected check concurrently, each
 * isolated with a timeout (a throw or a timeout becomes `crashed`, the others still run), and
 * return the results in the registry's fixed order. `runDoctor` is the entry point the wizard and
 * svwizd use as a preflight. The checks are handed in (`registry`): checks/ sits above this layer,
 * so only the callers on top (src/bin, src/cli, the wizard) name checks/index.
 */
import { UsageError } from '../errors.js';
import { readPackageVersion } from '../process/package-version.js';
import { gatherContext, type ContextOptions } from './context.js';
import type { Check, CheckResult, DoctorContext, DoctorReport, Finding } from './types.js';

export interface DoctorOptions extends ContextOptions {
  /** Every check there is, in report order (checks/index.ts `allChecks`). */
  registry: readonly Check[];
  /** Run only these check ids (unknown ids are a usage error). */
  checks?: string[];
  /** Per-check time limit (default 20 s: login shells and RPC calls can be slow on a Pi). */
  checkTimeoutMs?: number;
  /** Told as each check ends, so a front end can show which ones are still running. */
  onCheckDone?: (id: string) => void;
}

export interface DoctorRun {
  report: DoctorReport;
  ctx: DoctorContext;
  checks: Check[];
}

/** Run the doctor and return its report (findings carry their fix proposals). */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  return (await runDoctorWithContext(options)).report;
}

export async function runDoctorWithContext(options: DoctorOptions): Promise<DoctorRun> {
  const checks = selectChecks(options.registry, options.checks);
  const ctx = await gatherContext(options);
  const results = await runChecks(ctx, checks, options.checkTimeoutMs ?? 20000, options.onCheckDone);
  return { report: await buildReport(ctx, results), ctx, checks };
}

export function selectChecks(registry: readonly Check[], ids?: string[]): Check[] {
  if (!ids || ids.length === 0) return [...registry];
  const unknown = ids.filter((id) => !registry.some((c) => c.id === id));
  if (unknown.length > 0) {
    throw new UsageError(`unknown check ${unknown.map((id) => `'${id}'`).join(', ')}; valid checks: ${registry.map((c) => c.id).join(', ')}`);
  }
  return registry.filter((c) => ids.includes(c.id));
}

export async function runChecks(ctx: DoctorContext, checks: Check[], timeoutMs: number, onCheckDone?: (id: string) => void): Promise<CheckResult[]> {
  return Promise.all(
    checks.map(async (check) => {
      const result = await runOneCheck(ctx, check, timeoutMs);
      onCheckDone?.(check.id);
      return result;
    }),
  );
}

export async function runOneCheck(ctx: DoctorContext, check: Check, timeoutMs: number): Promise<CheckResult> {
  const base = { id: check.id, title: check.title, area: check.area };
  let applies: true | string;
  try {
    applies = check.appliesTo(ctx);
  } catch (error) {
    return { ...base, status: 'crashed', findings: [], detail: `appliesTo threw: ${describe(error)}` };
  }
  if (applies !== true) return { ...base, status: 'skipped', findings: [], detail: applies };
  let timer: NodeJS.Timeout | undefined;
  try {
    const findings = await Promise.race([
      Promise.resolve().then(() => check.run(ctx)),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new CheckTimeout(timeoutMs)), timeoutMs);
      }),
    ]);
    return { ...base, status: statusOf(findings), findings };
  } catch (error) {
    return { ...base, status: 'crashed', findings: [], detail: error instanceof CheckTimeout ? error.message : `the check threw: ${describe(error)}` };
  } finally {
    clearTimeout(timer);
  }
}

class CheckTimeout extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function statusOf(findings: Finding[]): CheckResult['status'] {
  if (findings.some((f) => f.severity === 'error')) return 'error';
  if (findings.length > 0) return 'warn';
  return 'ok';
}

export async function buildReport(ctx: DoctorContext, results: CheckResult[]): Promise<DoctorReport> {
  return {
    version: await readPackageVersion(),
    configFile: ctx.configFile,
    configSource: ctx.configSource,
    otherSupervisors: ctx.otherSupervisors,
    backend: ctx.supervisor.backend,
    checks: results,
    summary: summarize(results),
  };
}

/** Counts of checks by outcome; a crashed check counts as an error (we could not prove it fine). */
export function summarize(results: CheckResult[]): DoctorReport['summary'] {
  return {
    ok: results.filter((r) => r.status === 'ok').length,
    warn: results.filter((r) => r.status === 'warn').length,
    error: results.filter((r) => r.status === 'error' || r.status === 'crashed').length,
  };
}

/** Exit code: 0 no errors, 1 errors remain (with `strict`, warnings too). */
export function doctorExitCode(report: DoctorReport, strict = false): 0 | 1 {
  if (report.summary.error > 0) return 1;
  if (strict && report.summary.warn > 0) return 1;
  return 0;
}
