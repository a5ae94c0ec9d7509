/**
 * A program that crash-loops after startsecs looks RUNNING in most snapshots; the doctor watches
 * freshly restarted programs and reports the loop (#12), on svwizd and on Python supervisord. The
 * fix is manual (the cause is the program's), so `--fix --yes` changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PYTHON_BACKEND, SVWIZD_BACKEND, breakScenario, snapshot, type Backend } from './scenario-harness.js';

for (const backend of [SVWIZD_BACKEND, PYTHON_BACKEND] as Backend[]) {
  test(`process-state on ${backend.name}: a crash-looping program is reported with its stderr, and the fix is manual`, async (t) => {
    const s = await breakScenario('crash-loop', backend);
    t.after(() => s.cleanup());
    const found = await s.doctor(['--json', '--check', 'process-state']);
    const check = found.json!.checks.find((c) => c.id === 'process-state')!;
    assert.equal(check.status, 'error', JSON.stringify(check));
    const finding = check.findings.find((f) => /crash-loops/.test(f.message));
    assert.ok(finding, JSON.stringify(check.findings));
    assert.match(finding.message, /^app crash-loops: it exits with status 3 \(not in exitcodes\)/);
    assert.match(JSON.stringify(finding), /cannot connect to the database/, 'the stderr tail is the evidence');
    assert.equal(finding.fix?.safety, 'manual');
    assert.equal(found.code, 1);
    const before = snapshot(s.dir);
    const attempt = await s.doctor(['--json', '--check', 'process-state', '--fix', '--yes', '--backup-dir', s.backups]);
    assert.equal(attempt.code, 1, 'the error remains');
    assert.deepEqual(snapshot(s.dir), before, 'nothing changed');
  });
}
