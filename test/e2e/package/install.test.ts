/**
 * svwiz as a user gets it: a clean clone of this repository's HEAD, `npm pack` (prepack builds),
 * the tarball installed globally into a fresh prefix with a fresh npm cache (its dependencies
 * from the npm registry), and the installed bins run from that prefix's PATH.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAlive } from '../../helpers/processes.js';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { REPO } from '../../helpers/wizard-cli.js';

const dir = makeTempDir('pkg');
const prefix = path.join(dir, 'prefix');
const bin = path.join(prefix, 'bin');
const installed = path.join(prefix, 'lib/node_modules/svwiz');
const PATH = `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin`;
const env = { ...process.env, PATH, NO_COLOR: '1' };
let tarball = '';
let daemonPid = 0;

after(async () => {
  // A failed test may leave the daemon up: SIGTERM lets it stop its program first.
  if (daemonPid && isAlive(daemonPid)) {
    process.kill(daemonPid, 'SIGTERM');
    await waitFor('svwizd exits', () => !isAlive(daemonPid), { timeoutMs: 30_000 }).catch(() => process.kill(daemonPid, 'SIGKILL'));
  }
  removeTempDir(dir);
});

function sh(command: string, args: string[], options: { cwd?: string; timeoutMs?: number } = {}): SpawnSyncReturns<string> {
  const r = spawnSync(command, args, { cwd: options.cwd ?? dir, env, encoding: 'utf8', timeout: options.timeoutMs ?? 60_000 });
  assert.equal(r.status, 0, `${command} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r;
}

before(() => {
  const clone = path.join(dir, 'clone');
  sh('git', ['clone', '--quiet', REPO, clone]);
  assert.ok(!existsSync(path.join(clone, 'dist')), 'a clean clone has no build');
  // The build tools (typescript) of this checkout: the clone needs them only to build.
  symlinkSync(path.join(REPO, 'node_modules'), path.join(clone, 'node_modules'));
  const packed = sh('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: clone, timeoutMs: 180_000 });
  tarball = path.join(dir, packed.stdout.trim().split('\n').pop()!);
  sh('npm', ['install', '-g', '--prefix', prefix, '--cache', path.join(dir, 'npm-cache'), '--no-audit', '--no-fund', tarball], { timeoutMs: 300_000 });
});

const BUNDLES = ['svwiz', 'svwizd', 'svwizctl', 'rpc-action'];

test('the tarball ships one file per bin, the licences and the man pages, and no tsc build or source maps', () => {
  const files = sh('tar', ['tzf', tarball]).stdout.trim().split('\n');
  const shipped = ['package/LICENSE', 'package/README.md', 'package/man/svwiz.1', 'package/man/svwizd.8', 'package/bundle/THIRD-PARTY-LICENSES'];
  // nodemailer.js: its own file, imported by svwizd only when [alerts] smtp_url is set.
  for (const file of [...shipped, 'package/bundle/nodemailer.js', ...BUNDLES.map((name) => `package/bundle/${name}.js`)]) assert.ok(files.includes(file), `${file} is shipped`);
  assert.deepEqual(files.filter((f) => f.endsWith('.map')), [], 'no source maps pointing at unshipped src/');
  assert.deepEqual(files.filter((f) => /^package\/(src|test|bench|fixtures|dist|scripts)\//.test(f)), [], 'no sources, tests or tsc build');
  for (const name of BUNDLES) {
    const file = path.join(installed, 'bundle', `${name}.js`);
    const js = readFileSync(file, 'utf8');
    assert.match(js, /^#!\/usr\/bin\/env node\n/, name);
    assert.doesNotMatch(js, /sourceMappingURL/, name);
    assert.equal(lstatSync(file).mode & 0o111, 0o111, `${name} is executable`);
  }
  const thirdParty = readFileSync(path.join(installed, 'bundle/THIRD-PARTY-LICENSES'), 'utf8');
  for (const name of ['commander@', 'chalk@', '@inquirer/core@', 'nodemailer@']) assert.ok(thirdParty.includes(name), `${name} licence`);
  assert.match(readFileSync(path.join(installed, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) \d{4} svwiz contributors$/m);
});

test('the install fetches no dependencies: the bins carry what they use', () => {
  const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { dependencies?: object };
  assert.equal(manifest.dependencies, undefined);
  assert.ok(!existsSync(path.join(installed, 'node_modules')), 'no node_modules in the installed package');
  // The prompts svwiz never shows stay out of the bundle too (issue 16: depend on single prompts).
  const js = readFileSync(path.join(installed, 'bundle/svwiz.js'), 'utf8');
  for (const unwanted of ['external-editor', 'iconv-lite']) assert.doesNotMatch(js, new RegExp(unwanted), unwanted);
});

test('every bin answers --version and --help from the prefix, and the man pages render cleanly', () => {
  const version = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
  for (const name of ['svwiz', 'svwizd', 'svwizctl']) {
    assert.ok(lstatSync(path.join(bin, name)).isSymbolicLink());
    assert.ok(realpathSync(path.join(bin, name)).startsWith(realpathSync(installed)), `${name} runs the installed copy`);
    assert.equal(sh(name, ['--version']).stdout, `${version}\n`, name);
    assert.equal(sh(name, ['-v']).stdout, `${version}\n`, name);
    assert.match(sh(name, ['--help']).stdout, new RegExp(`Usage: ${name}`), name);
  }
  for (const page of ['man1/svwiz.1', 'man1/svwizctl.1', 'man8/svwizd.8']) {
    const file = path.join(prefix, 'share/man', page);
    const r = spawnSync('man', ['--warnings', '-l', file], { encoding: 'utf8', env: { ...env, MANPAGER: 'cat', MANWIDTH: '80' } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '', `${page} renders without warnings`);
    assert.match(r.stdout, /NAME/);
  }
});

test('svwiz doctor --list-checks lists every check of the installed copy', () => {
  const lines = sh('svwiz', ['doctor', '--list-checks']).stdout.trim().split('\n');
  // One check module per file in this checkout's checks/ (index.ts and helpers are not checks).
  const shipped = readdirSync(path.join(REPO, 'checks')).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
  assert.ok(lines.length >= 15, lines.join('\n'));
  assert.ok(lines.length >= shipped.length - 1, `${lines.length} checks for ${shipped.length} check modules`);
  assert.match(lines[0], /^config-syntax\s+config\s+Config files parse$/);
});

test('user-mode init and add-program into a --root tree with the installed copy', () => {
  const root = path.join(dir, 'target');
  mkdirSync(path.join(root, 'etc'), { recursive: true });
  writeFileSync(path.join(root, 'etc/passwd'), readFileSync('/etc/passwd'));
  writeFileSync(path.join(root, 'etc/group'), readFileSync('/etc/group'));
  // The image's own program (under --root it is only resolved, never run).
  mkdirSync(path.join(root, 'usr/bin'), { recursive: true });
  writeFileSync(path.join(root, 'usr/bin/myapp'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  mkdirSync(path.join(root, 'bin'));
  writeFileSync(path.join(root, 'bin/sh'), '', { mode: 0o755 });
  const init = sh('svwiz', ['init', '--root', root, '--yes', '--mode', 'user', '--service', 'none', '--no-web']);
  assert.match(init.stdout, /Next:/);
  const home = os.userInfo().homedir;
  const conf = readFileSync(path.join(root, home, '.config/svwiz/supervisord.conf'), 'utf8');
  assert.match(conf, /^\[include\]$/m);
  const add = sh('svwiz', ['add-program', 'ticker', '--root', root, '--yes', '--command', '/usr/bin/myapp --serve', '--no-login-env']);
  assert.match(add.stdout, /ticker/);
  const ini = readFileSync(path.join(root, home, '.config/svwiz/conf.d/ticker.ini'), 'utf8');
  assert.match(ini, /^\[program:ticker\]$/m);
  assert.match(ini, /^command=\/usr\/bin\/myapp --serve$/m);
});

test('the installed svwizd runs a config, add-program loads a program into it, svwizctl sees it RUNNING', async () => {
  const live = path.join(dir, 'live');
  mkdirSync(path.join(live, 'conf.d'), { recursive: true });
  const conf = path.join(live, 'supervisord.conf');
  writeFileSync(
    conf,
    `[unix_http_server]\nfile=${live}/s.sock\n[supervisord]\nlogfile=${live}/supervisord.log\npidfile=${live}/supervisord.pid\n` +
      `childlogdir=${live}\n[supervisorctl]\nserverurl=unix://${live}/s.sock\n` +
      `[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n` +
      `[include]\nfiles=${live}/conf.d/*.ini\n`,
  );
  const daemon = spawn(path.join(bin, 'svwizd'), ['-n', '-c', conf], { env, stdio: 'ignore' });
  daemonPid = daemon.pid!;
  await waitFor('svwizd answers', () => spawnSync(path.join(bin, 'svwizctl'), ['-c', conf, 'pid'], { env, encoding: 'utf8' }).stdout.trim() === String(daemonPid), { timeoutMs: 30_000 });
  const sleepArg = String(2_000_000 + process.pid);
  sh('svwiz', ['add-program', 'sleeper', '-c', conf, '--yes', '--command', `/bin/sleep ${sleepArg}`, '--startsecs', '1', '--no-login-env'], { timeoutMs: 90_000 });
  const status = sh('svwizctl', ['-c', conf, 'status', 'sleeper']).stdout;
  assert.match(status, /^sleeper\s+RUNNING\s+pid \d+/m);
  const json = JSON.parse(sh('svwizctl', ['-c', conf, '--json', 'status']).stdout) as { schemaVersion: number; processes: { name: string; statename: string }[] };
  assert.equal(json.schemaVersion, 1);
  assert.deepEqual(json.processes.map((p) => [p.name, p.statename]), [['sleeper', 'RUNNING']]);
  sh('svwizctl', ['-c', conf, 'shutdown']);
  await waitFor('svwizd exits', () => !isAlive(daemonPid), { timeoutMs: 30_000 });
});

test('service install --low-memory with the installed copy: unit and SysV script run node with the flag and the real bundle', () => {
  const conf = path.join(dir, 'lowmem.conf');
  writeFileSync(conf, `[supervisord]\nlogfile=${dir}/lowmem.log\npidfile=${dir}/lowmem.pid\n`);
  // What `#!/usr/bin/env node` in the bin finds on this PATH, and the file npm's bin symlink points at.
  const node = sh('sh', ['-c', 'command -v node']).stdout.trim();
  const bundle = realpathSync(path.join(installed, 'bundle/svwizd.js'));
  assert.equal(realpathSync(path.join(bin, 'svwizd')), bundle);
  const plan = (kind: string, ...flags: string[]) => sh('svwiz', ['service', 'install', '--kind', kind, '-c', conf, '--dry-run', '--yes', ...flags]).stdout;
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // --dry-run prints the files it would write as a diff: nothing is installed, no systemd runs.
  assert.match(plan('systemd', '--low-memory'), new RegExp(`^\\+ExecStart=${escape(node)} --max-semi-space-size=1 ${escape(bundle)} -n -c ${escape(conf)}$`, 'm'));
  assert.match(plan('systemd', '--no-low-memory'), new RegExp(`^\\+ExecStart=${escape(path.join(bin, 'svwizd'))} -n -c ${escape(conf)}$`, 'm'));
  const script = plan('sysv', '--low-memory');
  assert.match(script, new RegExp(`^\\+DAEMON=${escape(node)}$`, 'm'));
  assert.match(script, new RegExp(`^\\+DAEMON_SCRIPT=${escape(bundle)}$`, 'm'));
  assert.match(script, /^\+NODE_FLAGS=--max-semi-space-size=1$/m);
});
