/**
 * `svwiz init` on a machine that already has Supervisor (#13). Under --root: Debian's layout
 * (config, conf.d with two programs, supervisor.service and the init script, both enabled) is
 * adopted in place and `svwiz service uninstall` brings the tree back byte for byte. Live: a real
 * Python supervisord runs two programs from a Debian-like layout in a temp dir; `init --existing
 * adopt` stops it and runs them under svwizd (one daemon), the real supervisorctl lists them from
 * the adopted config, and uninstall restores the config and starts the old supervisord again.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { PYTHON_SUPERVISORCTL, requirePythonSupervisor, startPythonSupervisord } from '../../helpers/python-supervisord.js';
import { runSvwiz, snapshotTree, stopByPidfile, SVWIZCTL } from '../../helpers/wizard-cli.js';
import { findSupervisorProcesses } from '../../../src/system/processes.js';
import { findSupervisordConfig } from '../../../src/config/discover.js';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const PROGRAMS = { 'web.conf': '[program:web]\ncommand=/bin/sleep 1001\n', 'worker.conf': '[program:worker]\ncommand=/bin/sleep 1002\nstartsecs=1\n' };

/** Debian's `apt install supervisor` under ROOT: its own unit, init script and config, enabled both ways. */
function debianRoot(): string {
  requirePythonSupervisor();
  const root = makeTempDir('wza');
  cleanups.push(() => removeTempDir(root));
  for (const dir of ['etc/supervisor/conf.d', 'etc/init.d', 'lib/systemd/system', 'etc/systemd/system/multi-user.target.wants', 'etc/rc2.d', 'etc/rc0.d', 'usr/bin', 'sbin', 'bin', 'var/log/supervisor']) {
    mkdirSync(path.join(root, dir), { recursive: true });
  }
  for (const file of ['/etc/passwd', '/etc/group', '/etc/supervisor/supervisord.conf', '/etc/init.d/supervisor', '/lib/systemd/system/supervisor.service']) {
    copyFileSync(file, path.join(root, file));
  }
  for (const [name, text] of Object.entries(PROGRAMS)) writeFileSync(path.join(root, 'etc/supervisor/conf.d', name), text);
  symlinkSync('/lib/systemd/system/supervisor.service', path.join(root, 'etc/systemd/system/multi-user.target.wants/supervisor.service'));
  symlinkSync('../init.d/supervisor', path.join(root, 'etc/rc2.d/S01supervisor'));
  symlinkSync('../init.d/supervisor', path.join(root, 'etc/rc0.d/K01supervisor'));
  symlinkSync('/lib/systemd/systemd', path.join(root, 'sbin/init'));
  for (const name of ['supervisord', 'supervisorctl']) {
    writeFileSync(path.join(root, 'usr/bin', name), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(root, 'usr/bin', name), 0o755);
  }
  writeFileSync(path.join(root, 'bin/sh'), '');
  chmodSync(path.join(root, 'bin/sh'), 0o755);
  return root;
}

test('--root: adopting Debian\'s Supervisor writes its config in place with its conf.d, disables both services, and uninstall restores the tree byte for byte', async () => {
  const root = debianRoot();
  const backups = makeTempDir('wzb');
  cleanups.push(() => removeTempDir(backups));
  const env = { SVWIZ_BACKUP_DIR: backups, PATH: '/usr/bin:/bin' };
  const before = snapshotTree(root);
  const original = readFileSync(path.join(root, 'etc/supervisor/supervisord.conf'), 'utf8');

  const dry = await runSvwiz(['init', '--root', root, '--existing', 'adopt', '--yes', '--no-web', '--dry-run'], { env });
  assert.equal(dry.code, 0, dry.stdout + dry.stderr);
  assert.match(dry.stdout, /^Found Supervisor on \/etc\/supervisor\/supervisord\.conf \(what plain supervisorctl reads\):$/m);
  assert.match(dry.stdout, /programs: web, worker \(from \/etc\/supervisor\/conf\.d\/\*\.conf\)/);
  assert.match(dry.stdout, /boot: +\/etc\/init\.d\/supervisor \(enabled\), supervisor\.service \(enabled\)/);
  assert.match(dry.stdout, /^rm \/etc\/systemd\/system\/multi-user\.target\.wants\/supervisor\.service  # disable/m);
  assert.match(dry.stdout, /^rm \/etc\/rc2\.d\/S01supervisor  # disable/m);
  assert.match(dry.stdout, /^edit \/etc\/supervisor\/supervisord\.conf/m);
  assert.deepEqual(snapshotTree(root), before, '--dry-run changed nothing');

  const init = await runSvwiz(['init', '--root', root, '--existing', 'adopt', '--yes', '--no-web'], { env });
  assert.equal(init.code, 0, init.stdout + init.stderr);
  assert.match(init.stdout, /Adopt: the programs in \/etc\/supervisor\/conf\.d\/\*\.conf keep their files and run under svwizd/);
  const conf = readFileSync(path.join(root, 'etc/supervisor/supervisord.conf'), 'utf8');
  assert.match(conf, /Written by svwiz init/);
  assert.match(conf, /^files=\/etc\/svwiz\/conf\.d\/\*\.ini \/etc\/svwiz\/conf\.d\/\*\.conf \/etc\/supervisor\/conf\.d\/\*\.conf$/m);
  assert.ok(!existsSync(path.join(root, 'etc/supervisord.conf')), 'nothing in front of it in the search order');
  assert.ok(!existsSync(path.join(root, 'etc/systemd/system/multi-user.target.wants/supervisor.service')));
  assert.ok(!existsSync(path.join(root, 'etc/rc2.d/S01supervisor')));
  assert.ok(lstatSync(path.join(root, 'etc/systemd/system/multi-user.target.wants/svwiz.service')).isSymbolicLink(), 'exactly one boot service: svwiz');
  assert.equal(readFileSync(path.join(root, 'etc/init.d/supervisor'), 'utf8'), readFileSync('/etc/init.d/supervisor', 'utf8'), 'the old script itself stays');
  for (const name of Object.keys(PROGRAMS)) assert.equal(readFileSync(path.join(root, 'etc/supervisor/conf.d', name), 'utf8'), PROGRAMS[name as keyof typeof PROGRAMS]);
  const record = JSON.parse(readFileSync(path.join(root, 'etc/svwiz/adoption-manifest.json'), 'utf8'));
  assert.equal(record.adoptedConfig, '/etc/supervisor/supervisord.conf');
  assert.equal(JSON.parse(readFileSync(path.join(root, 'etc/svwiz/setup.json'), 'utf8')).configFile, '/etc/supervisor/supervisord.conf');

  const uninstall = await runSvwiz(['service', 'uninstall', '--root', root], { env });
  assert.equal(uninstall.code, 0, uninstall.stdout + uninstall.stderr);
  assert.match(uninstall.stdout, /the Supervisor on \/etc\/supervisor\/supervisord\.conf is back as it was/);
  assert.equal(readFileSync(path.join(root, 'etc/supervisor/supervisord.conf'), 'utf8'), original);
  assert.deepEqual(snapshotTree(root), before, 'every file, mode and link as before');
});

test('--root side by side: the old config, services and links stay; svwiz gets its own config, said plainly', async () => {
  const root = debianRoot();
  const backups = makeTempDir('wzb');
  cleanups.push(() => removeTempDir(backups));
  const before = snapshotTree(root);
  const init = await runSvwiz(['init', '--root', root, '--existing', 'side-by-side', '--yes', '--no-web', '--service', 'none'], { env: { SVWIZ_BACKUP_DIR: backups, PATH: '/usr/bin:/bin' } });
  assert.equal(init.code, 0, init.stdout + init.stderr);
  assert.match(init.stdout, /Side by side: the existing supervisor keeps \/etc\/supervisor\/supervisord\.conf, its socket and \/etc\/init\.d\/supervisor, supervisor\.service; nothing of it changes\./);
  assert.match(init.stdout, /svwiz's own setup: config \/etc\/svwiz\/supervisord\.conf, socket \/run\/svwiz\.sock\./);
  assert.match(init.stdout, /Plain supervisorctl still talks to the old one; use svwizctl -c \/etc\/svwiz\/supervisord\.conf for the new\./);
  assert.ok(!existsSync(path.join(root, 'etc/supervisord.conf')), 'nothing in front of the old config in the search order');
  const after = snapshotTree(root);
  for (const [file, content] of Object.entries(before)) assert.equal(after[file], content, `${file} unchanged`);
  assert.doesNotMatch(readFileSync(path.join(root, 'etc/svwiz/supervisord.conf'), 'utf8'), /conf\.d\/\*\.conf \/etc\/supervisor/);
  assert.ok(!existsSync(path.join(root, 'etc/svwiz/adoption-manifest.json')), 'nothing adopted, nothing to undo');
});

/**
 * Live, for both choices that leave one supervisor: adopt (svwizd runs the old programs) and
 * python (a new Python supervisord under svwiz's setup runs them).
 */
async function liveTakeOver(choice: 'adopt' | 'python', backend: 'svwizd' | 'supervisord'): Promise<void> {
  requirePythonSupervisor();
  const dir = makeTempDir('wzl');
  chmodSync(dir, 0o755);
  cleanups.push(() => removeTempDir(dir));
  const etc = path.join(dir, 'etc/supervisor');
  mkdirSync(path.join(etc, 'conf.d'), { recursive: true });
  for (const [name, text] of Object.entries(PROGRAMS)) writeFileSync(path.join(etc, 'conf.d', name), text);
  const oldSocket = path.join(dir, 'old.sock');
  const oldPid = path.join(dir, 'old.pid');
  const oldText =
    `[unix_http_server]\nfile=${oldSocket}\nchmod=0700\n\n[supervisord]\nlogfile=${dir}/old.log\npidfile=${oldPid}\nchildlogdir=${dir}\n\n` +
    `[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n` +
    `[supervisorctl]\nserverurl=unix://${oldSocket}\n\n[include]\nfiles = conf.d/*.conf\n`;
  const old = await startPythonSupervisord(etc, oldText, oldSocket);
  cleanups.push(() => old.stop());
  cleanups.push(() => stopByPidfile(oldPid));
  const config = old.configPath;
  await waitFor('the old supervisord runs both programs', () => {
    const status = spawnSync(PYTHON_SUPERVISORCTL, ['-c', config, 'status'], { encoding: 'utf8' }).stdout;
    return /web +RUNNING/.test(status) && /worker +RUNNING/.test(status);
  }, { timeoutMs: 30000 });

  const pidFile = path.join(dir, 'svwiz.pid');
  cleanups.push(() => stopByPidfile(pidFile));
  const env = { SVWIZ_BACKUP_DIR: path.join(dir, 'backups') };
  const init = await runSvwiz(
    ['init', '--existing', choice, '--yes', '--no-web', '--service', 'none', '--no-doctor', '--config', config, '--include-dir', path.join(dir, 'svwiz/conf.d'),
      '--socket', path.join(dir, 'svwiz.sock'), '--pidfile', pidFile, '--log-dir', path.join(dir, 'log')],
    { env, timeoutMs: 120000 },
  );
  assert.equal(init.code, 0, init.stdout + init.stderr);
  assert.match(init.stdout, new RegExp(`running: +supervisord pid ${old.child.pid}`));
  assert.match(init.stdout, /programs: web, worker/);
  assert.match(init.stdout, new RegExp(`kill -TERM ${old.child.pid}|the old supervisor stopped \\(pid ${old.child.pid}\\)`));
  await waitFor('the old supervisord to exit', () => old.child.exitCode !== null || old.child.signalCode !== null, { timeoutMs: 30000 });

  const daemons = () => findSupervisorProcesses(findSupervisordConfig).filter((daemon) => daemon.configFile === config);
  const svwizPid = Number(readFileSync(pidFile, 'utf8'));
  assert.deepEqual(daemons().map((daemon) => [daemon.backend, daemon.pid]), [[backend, svwizPid]], `exactly one supervisor on the config: ${backend}`);
  await waitFor(`web and worker RUNNING under ${backend}`, () => {
    const ours = spawnSync(process.execPath, [SVWIZCTL, '-c', config, 'status'], { encoding: 'utf8' }).stdout;
    return /^web +RUNNING/m.test(ours) && /^worker +RUNNING/m.test(ours);
  }, { timeoutMs: 30000 });
  const plain = spawnSync(PYTHON_SUPERVISORCTL, ['-c', config, 'status'], { encoding: 'utf8' });
  assert.match(plain.stdout, /^web +RUNNING +pid \d+/m, plain.stdout + plain.stderr);
  assert.match(plain.stdout, /^worker +RUNNING +pid \d+/m);
  const pid = spawnSync(PYTHON_SUPERVISORCTL, ['-c', config, 'pid'], { encoding: 'utf8' });
  assert.equal(pid.stdout.trim(), String(svwizPid), `plain supervisorctl reaches the new ${backend}`);

  const uninstall = await runSvwiz(['service', 'uninstall', '-c', config], { env, timeoutMs: 120000 });
  assert.equal(uninstall.code, 0, uninstall.stdout + uninstall.stderr);
  assert.equal(readFileSync(config, 'utf8'), oldText, 'the old config byte for byte');
  assert.ok(!existsSync(path.join(dir, 'svwiz/setup.json')));
  await waitFor('the old supervisord back, running both programs', () => {
    const status = spawnSync(PYTHON_SUPERVISORCTL, ['-c', config, 'status'], { encoding: 'utf8' }).stdout;
    return /web +RUNNING/.test(status) && /worker +RUNNING/.test(status);
  }, { timeoutMs: 30000 });
  assert.deepEqual(daemons().map((daemon) => daemon.backend), ['supervisord'], 'exactly one supervisor again: the old one');
}

test('live: init --existing adopt stops a running Python supervisord, runs its programs under svwizd, supervisorctl lists them; uninstall brings the old one back', () => liveTakeOver('adopt', 'svwizd'));

test('live: init --existing python keeps Python supervisord as the backend under svwiz\'s setup: one daemon, same programs; uninstall brings the old one back', () => liveTakeOver('python', 'supervisord'));
