import { test } from 'node:test';
import assert from 'node:assert/strict';
import { breakScenario, PYTHON_BACKEND, snapshot, SVWIZD_BACKEND } from './scenario-harness.js';

for (const backend of [PYTHON_BACKEND, SVWIZD_BACKEND]) {
  test(`a healthy setup on ${backend.name}: zero warnings, zero errors, and --fix changes nothing`, async (t) => {
    const s = await breakScenario('healthy', backend);
    t.after(() => s.cleanup());
    const report = await s.doctor(['--json']);
    assert.equal(report.code, 0, report.stderr);
    const flagged = report.json!.checks.filter((c) => !['ok', 'skipped'].includes(c.status));
    assert.deepEqual(flagged.map((c) => `${c.id}: ${c.status} ${JSON.stringify(c.findings)}`), []);
    assert.deepEqual(report.json!.summary, { ok: report.json!.checks.filter((c) => c.status === 'ok').length, warn: 0, error: 0 });
    // The checks that need a running supervisor really ran.
    for (const id of ['supervisor-running', 'process-state', 'stale-socket', 'log-permissions']) {
      assert.equal(report.json!.checks.find((c) => c.id === id)!.status, 'ok', id);
    }
    const strict = await s.doctor(['--strict']);
    assert.equal(strict.code, 0, strict.stdout);
    assert.match(strict.stdout, /0 warnings, 0 errors/);

    const before = snapshot(s.dir);
    const fix = await s.doctor(['--fix', '--yes', '--backup-dir', s.backups]);
    assert.equal(fix.code, 0);
    assert.match(fix.stdout + fix.stderr, /Nothing to fix/);
    assert.deepEqual(snapshot(s.dir), before);
    assert.equal((await s.rpc('supervisor.getProcessInfo', 'app') as { statename: string }).statename, 'RUNNING');
  });
}
