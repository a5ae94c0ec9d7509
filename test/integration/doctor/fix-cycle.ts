/**
 * The contract every doctor scenario proves: the doctor reports exactly the broken check (no
 * other error), `--fix --yes` repairs it with a backup of every changed file, the supervisor then
 * starts and the program reaches RUNNING, the doctor is clean, and a second `--fix` changes nothing.
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { assertBackedUp, assertNoErrors, assertOnly, breakScenario, snapshot, supervisorPids, type Backend, type Scenario } from './scenario-harness.js';
import { waitFor } from '../../helpers/temp.js';
import { isAlive } from '../../helpers/processes.js';

export interface CycleOptions {
  /** Statuses the broken check may have. */
  expect: ('error' | 'warn')[];
  /** Extra doctor flags (service dirs…), computed from the scenario. */
  args?: (s: Scenario) => string[];
  /** Only a manual fix exists: assert it is shown and that --fix --yes changes nothing. */
  manualOnly?: boolean;
  /** Run after the fix and before the supervisor is (re)started, e.g. the repaired init script. */
  afterFix?: (s: Scenario) => Promise<void>;
  /** Restart the supervisor after the fix (config read only at start, e.g. HTTP server auth). */
  restartSupervisor?: boolean;
  program?: string;
  /** The fixtures/doctor/<name> that breaks the setup, when it is not the check's own id. */
  fixture?: string;
}

export async function runFixCycle(t: TestContext, id: string, backend: Backend, options: CycleOptions): Promise<void> {
  const s = await breakScenario(options.fixture ?? id, backend);
  t.after(() => s.cleanup());
  const args = options.args?.(s) ?? [];

  const found = await s.doctor([...args, '--json']);
  assertOnly(found.json!, id, options.expect);
  const target = found.json!.checks.find((c) => c.id === id)!;
  assert.equal(found.code, target.status === 'error' ? 1 : 0, `exit code for a ${target.status}: ${found.stderr}`);
  assert.ok(target.findings.every((f) => f.fix), 'every finding proposes a fix');

  const before = snapshot(s.dir);
  if (options.manualOnly) {
    assert.ok(target.findings.every((f) => f.fix!.safety === 'manual'), JSON.stringify(target.findings));
    const attempt = await s.doctor([...args, '--fix', '--yes', '--json', '--backup-dir', s.backups]);
    assert.equal(attempt.code, 1, 'the error remains');
    assert.deepEqual(snapshot(s.dir), before, 'a manual fix changes nothing');
    return;
  }

  const fixed = await s.doctor([...args, '--fix', '--yes', '--json', '--backup-dir', s.backups]);
  const fixedTarget = fixed.json!.checks.find((c) => c.id === id)!;
  assert.ok(fixedTarget.findings.some((f) => f.fix?.applied === true), `a fix for ${id} was applied: ${fixed.stderr}\n${JSON.stringify(fixedTarget)}`);
  assertBackedUp(s.dir, s.backups, before, snapshot(s.dir));

  if (options.afterFix) await options.afterFix(s);
  if (options.restartSupervisor && (await s.answering())) {
    const gone = waitGone(s);
    await s.rpc('supervisor.shutdown');
    await gone;
  }
  await s.ensureSupervisor();
  await s.waitState(options.program ?? 'app', 'RUNNING');

  const again = await s.doctor([...args, '--json']);
  assertNoErrors(again.json!);
  assert.equal(again.json!.checks.find((c) => c.id === id)!.status, 'ok', JSON.stringify(again.json!.checks.find((c) => c.id === id)));
  assert.equal(again.code, 0);

  const settled = snapshot(s.dir);
  const refix = await s.doctor([...args, '--fix', '--yes', '--json', '--backup-dir', s.backups]);
  assert.equal(refix.code, 0, refix.stderr);
  assert.deepEqual(snapshot(s.dir), settled, '--fix on a fixed setup changes nothing');
}

/** Wait until the daemons of this scenario have exited, not just stopped answering. */
async function waitGone(s: Scenario): Promise<void> {
  const daemons = supervisorPids(s.dir);
  await waitFor('the old supervisor to exit', () => daemons.every((pid) => !isAlive(pid)), { timeoutMs: 60000 });
}
