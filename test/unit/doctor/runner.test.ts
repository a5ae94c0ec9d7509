import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { doctorExitCode, runOneCheck, selectChecks, statusOf, summarize } from '../../../src/doctor/run.js';
import { gatherContext } from '../../../src/doctor/context.js';
import { reportToJson, renderReportText, colourFor } from '../../../src/cli/doctor-render.js';
import type { Check, DoctorReport } from '../../../src/doctor/types.js';
import { allChecks } from '../../../checks/index.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { testBin } from '../../helpers/bins.js';
import { Chalk } from 'chalk';

const dirs: string[] = [];
after(() => dirs.forEach(removeTempDir));
const SVWIZ = testBin('svwiz');

function svwiz(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, [SVWIZ, ...args], { env }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr })),
  );
}

/** A minimal valid config in a temp dir; no supervisor runs for it. */
function writeConfig(extra = ''): { dir: string; config: string } {
  const dir = makeTempDir('drr');
  dirs.push(dir);
  mkdirSync(path.join(dir, 'logs'));
  const config = path.join(dir, 'supervisord.conf');
  writeFileSync(
    config,
    `[unix_http_server]\nfile=${dir}/s.sock\n\n[supervisord]\nlogfile=${dir}/logs/main.log\npidfile=${dir}/d.pid\nchildlogdir=${dir}/logs\n\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n[program:a]\ncommand=/bin/sleep 100\nstdout_logfile=${dir}/logs/a.out\nstderr_logfile=${dir}/logs/a.err\n${extra}`,
  );
  return { dir, config };
}

test('every check has a unique stable id, a title, an area', () => {
  const ids = allChecks.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ['config-syntax', 'config-values', 'include-glob', 'stale-socket', 'port-collision', 'pidfile', 'supervisor-running', 'log-permissions', 'missing-env', 'command', 'program-user', 'directory', 'process-state', 'init-script', 'systemd-unit', 'web-security', 'log-rotation']) {
    assert.ok(ids.includes(id), id);
  }
  assert.throws(() => selectChecks(allChecks, ['nope']), (e: Error & { exitCode?: number }) => e.exitCode === 2 && /unknown check 'nope'; valid checks: config-syntax/.test(e.message));
});

test('a check that throws or hangs is crashed; the others are unaffected', async () => {
  const { config } = writeConfig();
  const ctx = await gatherContext({ configFile: config });
  const base = { title: 't', area: 'config' as const, appliesTo: () => true as const };
  const throwing: Check = { ...base, id: 'boom', run: async () => { throw new Error('kaput'); } };
  const hanging: Check = { ...base, id: 'hang', run: () => new Promise(() => undefined) };
  const skipped: Check = { ...base, id: 'skip', appliesTo: () => 'not here', run: async () => [] };
  const fine: Check = { ...base, id: 'fine', run: async () => [{ severity: 'warn', message: 'w' }] };
  const results = await Promise.all([throwing, hanging, skipped, fine].map((c) => runOneCheck(ctx, c, 200)));
  assert.deepEqual(results.map((r) => [r.id, r.status, r.detail]), [
    ['boom', 'crashed', 'the check threw: kaput'],
    ['hang', 'crashed', 'timed out after 200 ms'],
    ['skip', 'skipped', 'not here'],
    ['fine', 'warn', undefined],
  ]);
  assert.deepEqual(summarize(results), { ok: 0, warn: 1, error: 2 });
});

test('statusOf and doctorExitCode', () => {
  assert.equal(statusOf([]), 'ok');
  assert.equal(statusOf([{ severity: 'warn', message: '' }]), 'warn');
  assert.equal(statusOf([{ severity: 'warn', message: '' }, { severity: 'error', message: '' }]), 'error');
  const report = (warn: number, error: number) => ({ summary: { ok: 1, warn, error } }) as DoctorReport;
  assert.equal(doctorExitCode(report(0, 0)), 0);
  assert.equal(doctorExitCode(report(1, 0)), 0);
  assert.equal(doctorExitCode(report(1, 0), true), 1);
  assert.equal(doctorExitCode(report(0, 1)), 1);
});

test('JSON has exactly the documented keys', () => {
  const report: DoctorReport = {
    version: '1.2.3',
    backend: 'svwizd',
    configFile: '/x',
    configSource: 'setup-record',
    otherSupervisors: [{ pid: 42, backend: 'supervisord', configFile: '/tmp/other.conf' }],
    checks: [
      { id: 'a', title: 'A', area: 'config', status: 'error', findings: [{ severity: 'error', message: 'm', file: '/f', line: 3, program: 'p', evidence: ['e'], data: { x: 1 }, fix: { description: 'd', safety: 'safe', commands: ['c'] } }] },
      { id: 'b', title: 'B', area: 'logs', status: 'skipped', findings: [], detail: 'why' },
    ],
    summary: { ok: 0, warn: 0, error: 1 },
  };
  const finding = report.checks[0]!.findings[0]!;
  assert.deepEqual(reportToJson(report, new Map([[finding, true]])), {
    version: '1.2.3',
    configFile: '/x',
    configSource: 'setup-record',
    otherSupervisors: [{ pid: 42, backend: 'supervisord', configFile: '/tmp/other.conf' }],
    checks: [
      { id: 'a', title: 'A', status: 'error', findings: [{ message: 'm', file: '/f', line: 3, program: 'p', fix: { description: 'd', safety: 'safe', commands: ['c'], applied: true } }] },
      { id: 'b', title: 'B', status: 'skipped', findings: [] },
    ],
    summary: { ok: 0, warn: 0, error: 1 },
  });
  const text = renderReportText(report, { colour: new Chalk({ level: 0 }), verbose: true });
  assert.match(text, /^Configuration$/m);
  assert.match(text, /^ {2}checked: \/x \(the setup svwiz init recorded\)$/m);
  assert.match(text, /^ {2}also running, not checked: pid 42 supervisord on \/tmp\/other\.conf \(svwiz doctor -c \/tmp\/other\.conf\)$/m);
  assert.match(text, /^ {2}✗ A \[a\]$/m);
  assert.match(text, /^ {6}✗ \/f:3: m$/m);
  assert.match(text, /^ {8}fix \(safe\): d$/m);
  assert.match(text, /^ {10}\$ c$/m);
  assert.match(text, /^ {10}\| e$/m);
  assert.match(text, /0 ok, 0 warnings, 1 error, 1 skipped/);
  assert.equal(colourFor({ isTTY: true } as NodeJS.WriteStream, { NO_COLOR: '1' }).level, 0);
  assert.equal(colourFor({ isTTY: false } as NodeJS.WriteStream, {}).level, 0);
  assert.equal(colourFor({ isTTY: true } as NodeJS.WriteStream, {}).level, 1);
});

test('CLI: --list-checks, unknown --check exits 2, --json prints only JSON, errors exit 1', async () => {
  const list = await svwiz(['doctor', '--list-checks']);
  assert.equal(list.code, 0);
  assert.equal(list.stdout.trim().split('\n').length, allChecks.length);
  const bad = await svwiz(['doctor', '--check', 'nope']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown check 'nope'/);

  const { config } = writeConfig('autorestart=ture\n');
  const json = await svwiz(['doctor', '-c', config, '--json', '--check', 'config-values', '--check', 'config-syntax']);
  assert.equal(json.code, 1);
  const parsed = JSON.parse(json.stdout) as { checks: { id: string; status: string; findings: { message: string; line?: number }[] }[] };
  assert.deepEqual(parsed.checks.map((c) => [c.id, c.status]), [['config-syntax', 'ok'], ['config-values', 'error']]);
  assert.equal(parsed.checks[1]!.findings[0]!.line, 16);
  assert.match(parsed.checks[1]!.findings[0]!.message, /autorestart=ture/);
});

test('CLI: --fix without --yes and without a terminal applies nothing and names the flag', async () => {
  const { config } = writeConfig('autorestart=ture\n');
  const before = (await import('node:fs')).readFileSync(config, 'utf8');
  const run = await svwiz(['doctor', '-c', config, '--fix', '--check', 'config-values']);
  assert.equal(run.code, 1);
  assert.match(run.stdout, /Re-run with --fix --yes/);
  assert.match(run.stdout, /-autorestart=ture\n\+autorestart=true/);
  assert.equal((await import('node:fs')).readFileSync(config, 'utf8'), before);
  const { FORCE_COLOR: _force, ...plainEnv } = process.env;
  const colourless = await svwiz(['doctor', '-c', config, '--check', 'config-values'], plainEnv);
  assert.doesNotMatch(colourless.stdout, /\u001b\[/, 'no colour when stdout is not a terminal');
  const forced = await svwiz(['doctor', '-c', config, '--check', 'config-values'], { ...plainEnv, FORCE_COLOR: '1' });
  assert.match(forced.stdout, /\u001b\[/, 'FORCE_COLOR colours a pipe too');
});

test('CLI: a missing config file is reported by config-syntax with the searched paths', async () => {
  const dir = makeTempDir('drm');
  dirs.push(dir);
  const run = await svwiz(['doctor', '--root', dir, '--json']);
  assert.equal(run.code, 1);
  const parsed = JSON.parse(run.stdout) as { checks: { id: string; status: string; findings: { message: string }[] }[] };
  const syntax = parsed.checks.find((c) => c.id === 'config-syntax')!;
  assert.equal(syntax.status, 'error');
  assert.match(syntax.findings[0]!.message, /no supervisord config file found \(searched .*\/etc\/supervisor\/supervisord\.conf/);
  assert.ok(parsed.checks.filter((c) => c.id !== 'config-syntax').every((c) => c.status === 'skipped'), JSON.stringify(parsed.checks));
});

test('runPreflight returns plain lines for the start-up checks', async () => {
  const { runPreflight, PREFLIGHT_CHECKS } = await import('../../../src/doctor/preflight.js');
  const { dir, config } = writeConfig();
  writeFileSync(path.join(dir, 'd.pid'), '999999999\n');
  const result = await runPreflight({ configFile: config, registry: allChecks });
  assert.deepEqual(result.report.checks.map((c) => c.id).sort(), [...PREFLIGHT_CHECKS].sort());
  assert.equal(result.ok, true);
  assert.ok(result.lines.some((l) => /^warning \[pidfile\] .*d\.pid is stale/.test(l)), result.lines.join('\n'));
  assert.ok(result.lines.every((l) => !/\u001b\[/.test(l)));
});

test('CLI: an undefined %(ENV_X)s is missing-env (not config-values), with a manual fix when nobody defines it', async () => {
  const { config } = writeConfig('environment=TOKEN="%(ENV_SVWIZ_TEST_TOKEN)s"\n');
  const env = { ...process.env };
  delete env.SVWIZ_TEST_TOKEN;
  const found = await svwiz(['doctor', '-c', config, '--json'], env);
  const parsed = JSON.parse(found.stdout) as { checks: { id: string; status: string; findings: { message: string; line?: number; fix?: { safety: string } }[] }[] };
  assert.deepEqual(parsed.checks.filter((c) => c.status === 'error').map((c) => c.id), ['missing-env']);
  const finding = parsed.checks.find((c) => c.id === 'missing-env')!.findings[0]!;
  assert.match(finding.message, /SVWIZ_TEST_TOKEN is not in the supervisor's environment/);
  assert.equal(finding.line, 16);
  assert.equal(finding.fix?.safety, 'manual');
  const before = (await import('node:fs')).readFileSync(config, 'utf8');
  const fixed = await svwiz(['doctor', '-c', config, '--fix', '--yes', '--backup-dir', path.join(path.dirname(config), 'bk')], env);
  assert.equal(fixed.code, 1);
  assert.equal((await import('node:fs')).readFileSync(config, 'utf8'), before);
  // Run from a shell that has the variable (and no daemon running), the setup is fine.
  const withToken = await svwiz(['doctor', '-c', config, '--json', '--check', 'missing-env'], { ...env, SVWIZ_TEST_TOKEN: 'x' });
  assert.equal(withToken.code, 0, withToken.stdout);
});

test('include-glob: an empty include dir is a fresh setup (no finding); a missing dir or unmatched files are', async () => {
  const check = selectChecks(allChecks, ['include-glob']);
  const findingsFor = async (config: string) => {
    const ctx = await gatherContext({ configFile: config });
    const [result] = await Promise.all(check.map((c) => runOneCheck(ctx, c, 5000)));
    return result.findings;
  };
  const fresh = writeConfig();
  mkdirSync(path.join(fresh.dir, 'conf.d'));
  writeFileSync(fresh.config, `${readFileSync(fresh.config, 'utf8')}\n[include]\nfiles=conf.d/*.ini conf.d/*.conf\n`);
  assert.deepEqual(await findingsFor(fresh.config), []);

  writeFileSync(path.join(fresh.dir, 'conf.d', 'notes.txt'), 'not a program file\n');
  const unmatched = await findingsFor(fresh.config);
  assert.equal(unmatched.length, 1);
  assert.equal(unmatched[0].severity, 'warn');
  assert.match(unmatched[0].message, /matches no file in .*conf\.d/);

  writeFileSync(path.join(fresh.dir, 'conf.d', 'app.cfg.ini'), '[program:x]\ncommand=/bin/true\n');
  assert.deepEqual(await findingsFor(fresh.config), []);

  const missing = writeConfig('\n[include]\nfiles=nowhere/*.conf\n');
  const gone = await findingsFor(missing.config);
  assert.equal(gone.length, 1);
  assert.match(gone[0].message, /the directory .*nowhere does not exist/);
});
