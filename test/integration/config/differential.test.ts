/**
 * Differential test: every fixture under fixtures/configs/ is loaded by Python Supervisor 4.2.5's
 * own parser (the oracle) and by `svwiz config show --json` (the built bin). Valid configs must
 * give equal JSON; invalid ones must be rejected by both, ours naming file:line (and the line the
 * fixture's `; expect-error: FILE:LINE` comment names).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, SVWIZ_BIN, coreMessage, oracleEnv, runOracle, type OracleResult } from '../../helpers/config-oracle.js';

const FIXTURES = path.join(REPO_ROOT, 'fixtures/configs');
const fixtures = readdirSync(FIXTURES).sort();

function runOurs(file: string, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SVWIZ_BIN, 'config', 'show', '--json', '-c', file], { cwd, env: oracleEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]!);
      }
    }),
  );
  return results;
}

test('there are at least 60 fixtures, valid and invalid', () => {
  assert.ok(fixtures.length >= 60, `only ${fixtures.length} fixtures`);
  assert.ok(fixtures.filter((f) => f.startsWith('invalid-')).length >= 20);
  assert.ok(fixtures.filter((f) => f.startsWith('valid-')).length >= 40);
});

test('svwiz config show --json agrees with Python Supervisor on every fixture', { timeout: 240_000 }, async (t) => {
  const requests = fixtures.map((name) => {
    const dir = path.join(FIXTURES, name);
    return { file: path.join(dir, 'supervisord.conf'), cwd: dir };
  });
  // the bundled example is a fixture too
  const examples = path.join(REPO_ROOT, 'examples');
  requests.push({ file: path.join(examples, 'supervisord.conf'), cwd: examples });
  const names = [...fixtures, 'valid-bundled-example'];
  const oracle: OracleResult[] = await runOracle(requests);
  const ours = await mapLimited(requests, 4, (r) => runOurs(r.file, r.cwd));
  for (const [i, name] of names.entries()) {
    await t.test(name, () => {
      const expected = oracle[i]!;
      const got = ours[i]!;
      if (name.startsWith('valid-')) {
        assert.equal(expected.ok, true, `Python Supervisor rejects a valid- fixture: ${expected.ok ? '' : expected.error}`);
        assert.equal(got.code, 0, `svwiz rejected it: ${got.stderr}`);
        const { schemaVersion, ...config } = JSON.parse(got.stdout);
        assert.equal(schemaVersion, 1);
        assert.deepEqual(config, (expected as { config: unknown }).config);
        return;
      }
      assert.equal(expected.ok, false, 'Python Supervisor accepts an invalid- fixture');
      assert.equal(got.code, 1, `svwiz accepted it or crashed: ${got.stderr}`);
      assert.equal(got.stdout, '', 'a rejected config prints nothing on stdout');
      assert.doesNotMatch(got.stderr, /Internal error|\n\s+at /, 'no stack trace');
      const text = readFileSync(requests[i]!.file, 'utf8');
      const expect = /^; expect-error: (\S+):(\d+)$/m.exec(text);
      assert.ok(expect, 'invalid fixture lacks an expect-error comment');
      const where = `${path.join(requests[i]!.cwd, expect[1]!)}:${expect[2]}:`;
      assert.ok(got.stderr.includes(where), `expected ${where} in: ${got.stderr}`);
      const core = coreMessage((expected as { error: string }).error);
      assert.ok(got.stderr.includes(core.split('\n')[0]!), `expected Supervisor's message "${core}" in: ${got.stderr}`);
    });
  }
});
