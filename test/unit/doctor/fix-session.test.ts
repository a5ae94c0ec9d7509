/**
 * The fix session without the CLI: plans in fix order, only what the consent callback returns is
 * applied (for real, to files in a temp dir), a plan that cannot be built is reported, and the
 * re-check sees what the fixes changed.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mergeStatus, runFixSession, type FixCandidate } from '../../../src/doctor/fix-session.js';
import { runDoctorWithContext, type DoctorOptions } from '../../../src/doctor/run.js';
import type { Check } from '../../../src/doctor/types.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeTempDir));

/** A check that wants marker files to exist; its fix writes them (safe for `a`, confirm for `b`). */
function markerCheck(dir: string): Check<{ path: string }> {
  return {
    id: 'marker',
    title: 'marker files exist',
    area: 'config',
    appliesTo: () => true,
    async run() {
      return ['a', 'b']
        .map((name) => path.join(dir, name))
        .filter((file) => !existsSync(file))
        .map((file) => ({
          severity: 'error' as const,
          message: `${file} is missing`,
          fix: { description: `write ${file}`, safety: file.endsWith('a') ? ('safe' as const) : ('confirm' as const) },
          data: { path: file },
        }));
    },
    async fix(_ctx, finding) {
      return finding.data && { title: `write ${finding.data.path}`, operations: [{ kind: 'write', path: finding.data.path, content: 'ok\n', reason: 'the check wants it' }] };
    },
  };
}

/** Runs last (fixOrder 1) and cannot plan its fix. */
const brokenFixCheck: Check = {
  id: 'broken-fix',
  title: 'a fix that throws',
  area: 'logs',
  appliesTo: () => true,
  fixOrder: 1,
  run: async () => [{ severity: 'warn', message: 'w', fix: { description: 'x', safety: 'safe' } }],
  fix: async () => {
    throw new Error('no plan for you');
  },
};

function setup(): { dir: string; options: DoctorOptions } {
  const dir = makeTempDir('dfs');
  dirs.push(dir);
  const config = path.join(dir, 'supervisord.conf');
  writeFileSync(config, `[supervisord]\nlogfile=${dir}/main.log\npidfile=${dir}/d.pid\n`);
  return { dir, options: { configFile: config, registry: [brokenFixCheck, markerCheck(dir)] } };
}

test('only the consented fixes are applied, then the re-check sees the change', async () => {
  const { dir, options } = setup();
  const before = await runDoctorWithContext(options);
  const presented: string[] = [];
  const planFailures: string[] = [];
  let rechecks = 0;
  const session = await runFixSession(
    before,
    {
      present: async (candidates) => void presented.push(...candidates.map((c) => c.plan.title)),
      consent: async (candidates: FixCandidate[]) => candidates.filter((c) => c.finding.fix!.safety === 'safe'),
      recheck: () => (rechecks++, runDoctorWithContext(options)),
      planFailed: (check, error) => planFailures.push(`${check.id}: ${(error as Error).message}`),
    },
    { backupDir: path.join(dir, 'backups') },
  );
  assert.deepEqual(presented, [`write ${dir}/a`, `write ${dir}/b`], 'fix order: marker (0) before broken-fix (1), which has no plan');
  assert.deepEqual(planFailures, ['broken-fix: no plan for you']);
  assert.deepEqual(session.accepted.map((c) => c.plan.title), [`write ${dir}/a`]);
  assert.equal(readFileSync(path.join(dir, 'a'), 'utf8'), 'ok\n');
  assert.equal(existsSync(path.join(dir, 'b')), false, 'b was not consented to');
  assert.deepEqual([...session.applied.entries()].map(([f, applied]) => [f.message, applied]), [
    ['w', false],
    [`${dir}/a is missing`, true],
    [`${dir}/b is missing`, false],
  ]);
  assert.equal(session.manifests.length, 1);
  assert.equal(rechecks, 1);
  const marker = session.after!.report.checks.find((c) => c.id === 'marker')!;
  assert.deepEqual(marker.findings.map((f) => f.message), [`${dir}/b is missing`]);
  const merged = mergeStatus(before.report, session.after!.report).checks.find((c) => c.id === 'marker')!;
  assert.equal(merged.findings.length, 2, 'the findings as found before the fixes stay in the merged report');
});

test('no consent: nothing applied, no re-check', async () => {
  const { dir, options } = setup();
  const before = await runDoctorWithContext(options);
  let rechecks = 0;
  const session = await runFixSession(before, {
    present: async () => undefined,
    consent: async () => [],
    recheck: () => (rechecks++, runDoctorWithContext(options)),
  });
  assert.equal(session.candidates.length, 2);
  assert.equal(session.after, undefined);
  assert.equal(rechecks, 0);
  assert.equal(existsSync(path.join(dir, 'a')), false);
});
