/**
 * The doctor's fix session as data and callbacks: plan every automatic fix, ask the caller which
 * to apply, apply them with backups, re-check. The caller (the CLI today; the web UI or init
 * later) decides how to show the plans and how consent is asked; nothing here prints or prompts.
 */
import { applyPlan } from '../plan/apply.js';
import type { Manifest, Plan } from '../plan/types.js';
import { summarize, type DoctorRun } from './run.js';
import type { Check, DoctorReport, Finding } from './types.js';

export interface FixCandidate {
  check: Check;
  finding: Finding;
  plan: Plan;
}

export interface FixSessionHooks {
  /** Every planned fix, before consent is asked (the CLI prints their diffs). */
  present(candidates: FixCandidate[]): Promise<void>;
  /** Which of the candidates to apply (an empty list applies nothing and skips the re-check). */
  consent(candidates: FixCandidate[]): Promise<FixCandidate[]>;
  /** Every accepted fix was applied or failed; the manifests name the backups. */
  applied?(manifests: Manifest[]): void;
  /** Run the doctor again after the fixes. */
  recheck(): Promise<DoctorRun>;
  planFailed?(check: Check, error: unknown): void;
  applyFailed?(candidate: FixCandidate, error: unknown): void;
}

export interface FixSessionResult {
  candidates: FixCandidate[];
  accepted: FixCandidate[];
  /** Every finding with a fix proposal, and whether its fix was applied. */
  applied: Map<Finding, boolean>;
  manifests: Manifest[];
  /** The re-check, when at least one fix was accepted. */
  after?: DoctorRun;
}

export async function runFixSession(before: DoctorRun, hooks: FixSessionHooks, options: { backupDir?: string } = {}): Promise<FixSessionResult> {
  const candidates = await planFixes(before, hooks.planFailed);
  const applied = new Map<Finding, boolean>();
  for (const result of before.report.checks) for (const finding of result.findings) if (finding.fix) applied.set(finding, false);
  const result: FixSessionResult = { candidates, accepted: [], applied, manifests: [] };
  if (candidates.length === 0) return result;
  await hooks.present(candidates);
  result.accepted = await hooks.consent(candidates);
  for (const candidate of result.accepted) {
    try {
      // Rebuilt now: an earlier fix may have edited the same file.
      const plan = (await candidate.check.fix!(before.ctx, candidate.finding)) ?? { title: candidate.plan.title, operations: [] };
      result.manifests.push(await applyPlan(plan, { root: before.ctx.root, backupDir: options.backupDir }));
      applied.set(candidate.finding, true);
    } catch (error) {
      hooks.applyFailed?.(candidate, error);
    }
  }
  if (result.accepted.length === 0) return result;
  hooks.applied?.(result.manifests);
  result.after = await hooks.recheck();
  return result;
}

/** Plans for every finding that has an automatic fix, in fix order (restarts last). */
export async function planFixes(run: DoctorRun, planFailed?: (check: Check, error: unknown) => void): Promise<FixCandidate[]> {
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
        planFailed?.(check, error);
      }
    }
  }
  return candidates;
}

/** The files the applied fixes backed up, as `path → backup`. */
export function backupsOf(manifests: Manifest[]): string[] {
  return manifests.flatMap((m) => m.entries.filter((e) => e.backup).map((e) => `${'path' in e.operation ? e.operation.path : ''} → ${e.backup}`));
}

/** Findings as found before the fixes, statuses and summary as they are after. */
export function mergeStatus(before: DoctorReport, after: DoctorReport): DoctorReport {
  const checks = before.checks.map((check) => {
    const now = after.checks.find((r) => r.id === check.id);
    if (!now) return check;
    const remaining = now.findings.filter((f) => !check.findings.some((old) => old.message === f.message));
    return { ...check, status: now.status, findings: [...check.findings, ...remaining] };
  });
  return { ...after, checks, summary: summarize(after.checks) };
}
