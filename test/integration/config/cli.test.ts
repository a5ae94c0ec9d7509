/**
 * `svwiz config check`, `config show` and `sample-config` as a user runs them (the built bin),
 * including bad input: garbage bytes, a 10 MB file, missing and unreadable files. Never a stack trace.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { REPO_ROOT, SVWIZ_BIN, oracleEnv, runOracle } from '../../helpers/config-oracle.js';

const dir = makeTempDir('svwcli');
after(() => removeTempDir(dir));

function svwiz(args: string[], cwd = dir): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SVWIZ_BIN, ...args], { cwd, env: oracleEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function write(name: string, text: string | Buffer): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function assertNoStack(output: string): void {
  assert.doesNotMatch(output, /Internal error|\n\s+at .*:\d+:\d+/);
}

const BASE = '[supervisord]\nlogfile=%(here)s/sd.log\npidfile=%(here)s/sd.pid\n';

test('config check accepts the bundled example', async () => {
  const r = await svwiz(['config', 'check', '-c', path.join(REPO_ROOT, 'examples/supervisord.conf')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /OK \(3 files, 2 groups, 4 processes, 0 warnings\)/);
});

test('config check warns about unknown keys and sections with a did-you-mean, and still exits 0', async () => {
  const file = write('typo/supervisord.conf', `${BASE}[program:web]\ncommand=/bin/true\nautostrat=false\n[programs:x]\ncommand=/bin/true\n`);
  const r = await svwiz(['config', 'check', '-c', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`warning: ${file}:6: unknown key 'autostrat' in \\[program:web\\] is ignored by Supervisor; did you mean 'autostart'\\?`));
  assert.match(r.stderr, /unknown section \[programs:x\] is ignored by Supervisor; did you mean \[program:x\]\?/);
});

test('config check warns about an include pattern that matches nothing', async () => {
  const file = write('noinc/supervisord.conf', `${BASE}[include]\nfiles=conf.d/*.conf\n`);
  const r = await svwiz(['config', 'check', '-c', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`warning: ${file}:5: No file matches via include "${path.dirname(file)}/conf.d/\\*\\.conf"`));
});

test('config check names file:line, section and key of an error and exits 1', async () => {
  const file = write('bad/supervisord.conf', `${BASE}[program:web]\ncommand=/bin/true\nstartsecs=soon\n`);
  const r = await svwiz(['config', 'check', '-c', file]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`${file}:6: \\[program:web\\] startsecs: invalid literal for int\\(\\) with base 10: 'soon' \\(valid: a whole number`));
  assertNoStack(r.stderr);
});

test('config check --json prints one document for errors too', async () => {
  const file = write('bad-json/supervisord.conf', `${BASE}[program:web]\ncommand=/bin/true\nautostart=maybe\n`);
  const r = await svwiz(['config', 'check', '--json', '-c', file]);
  assert.equal(r.code, 1);
  const doc = JSON.parse(r.stdout) as { ok: boolean; errors: { position: { file: string; line: number }; section: string; key: string }[] };
  assert.equal(doc.ok, false);
  assert.deepEqual([doc.errors[0]!.position, doc.errors[0]!.section, doc.errors[0]!.key], [{ file, line: 6 }, 'program:web', 'autostart']);
});

test('a missing -c file is a clear error, not a stack trace', async () => {
  for (const command of ['check', 'show']) {
    const r = await svwiz(['config', command, '-c', 'no-such.conf']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /could not find config file no-such\.conf/);
    assertNoStack(r.stderr);
  }
});

test('a directory given as the config file is unreadable, clearly', async () => {
  const r = await svwiz(['config', 'check', '-c', dir]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /could not read config file .* \(EISDIR/);
  assertNoStack(r.stderr);
});

test('binary garbage is rejected with a clear error', async () => {
  const file = write('garbage.conf', Buffer.concat([Buffer.from('[supervisord]\n'), randomBytes(4096)]));
  const r = await svwiz(['config', 'check', '-c', file]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`${file}:\\d+: .*(utf-8|parsing errors|no section headers)`));
  assertNoStack(r.stderr);
});

test('NUL bytes and a BOM are handled as Supervisor handles them', async () => {
  const bom = write('bom.conf', `\ufeff${BASE}`);
  const r = await svwiz(['config', 'check', '-c', bom]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /File contains no section headers/);
  const nul = write('nul.conf', `${BASE}\0\n`);
  const r2 = await svwiz(['config', 'check', '-c', nul]);
  assert.equal(r2.code, 1);
  assert.match(r2.stderr, /Source contains parsing errors/);
  assertNoStack(r.stderr + r2.stderr);
});

test('a 10 MB config is read (and a 10 MB garbage line rejected) without trouble', { timeout: 60_000 }, async () => {
  const filler = '; padding comment line that makes this file large\n'.repeat(Math.ceil((10 * 1024 * 1024) / 50));
  const big = write('big.conf', `${BASE}${filler}[program:last]\ncommand=/bin/true\n`);
  const r = await svwiz(['config', 'check', '-c', big]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /1 process/);
  const bigBad = write('bigbad.conf', `${BASE}${'x'.repeat(10 * 1024 * 1024)}\n`);
  const r2 = await svwiz(['config', 'check', '-c', bigBad]);
  assert.equal(r2.code, 1);
  assert.match(r2.stderr, /bigbad\.conf:4: Source contains parsing errors/);
  assert.ok(r2.stderr.length < 30 * 1024 * 1024);
  assertNoStack(r2.stderr);
});

test('unreadable includes are skipped silently by Supervisor (we warn), include cycles are harmless', async () => {
  const root = path.join(dir, 'inc');
  write('inc/conf.d/a.ini', '[program:a]\ncommand=/bin/true\n');
  mkdirSync(path.join(root, 'conf.d/dir.ini'));
  symlinkSync(path.join(root, 'nowhere.ini'), path.join(root, 'conf.d/dangling.ini'));
  const file = write('inc/supervisord.conf', `${BASE}[include]\nfiles=conf.d/*.ini supervisord.conf\n`);
  const r = await svwiz(['config', 'show', '--json', '-c', file]);
  assert.equal(r.code, 0, r.stderr);
  const { schemaVersion, ...ours } = JSON.parse(r.stdout);
  assert.equal(schemaVersion, 1);
  const [python] = await runOracle([{ file, cwd: root }]);
  assert.ok(python!.ok, python!.ok ? '' : python!.error);
  assert.deepEqual(ours, python!.config);
  const check = await svwiz(['config', 'check', '-c', file]);
  assert.match(check.stderr, /dangling\.ini cannot be read and is skipped/);
  assert.match(check.stderr, /dir\.ini cannot be read and is skipped/);
});

test('sample-config prints a config that config check and Python Supervisor accept', async () => {
  const sample = await svwiz(['sample-config']);
  assert.equal(sample.code, 0);
  assert.match(sample.stdout, /^\[supervisord\]$/m);
  const file = write('sample/supervisord.conf', sample.stdout);
  const r = await svwiz(['config', 'check', '-c', file]);
  assert.equal(r.code, 0, r.stderr);
  const [python] = await runOracle([{ file, cwd: path.dirname(file) }]);
  assert.equal(python!.ok, true, python!.ok ? '' : python!.error);
});

test('without -c, config check searches Supervisor\'s paths from the current directory', async () => {
  const cwd = path.join(dir, 'search');
  write('search/supervisord.conf', BASE);
  const r = await svwiz(['config', 'check'], cwd);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`${cwd}/supervisord.conf: OK`));
});

test('an unknown flag is a usage error (exit 2)', async () => {
  const r = await svwiz(['config', 'check', '--bogus']);
  assert.equal(r.code, 2);
});
