/**
 * `svwiz supervisors` on the machine as it is (Debian's supervisor package installed, as CI
 * installs it) with an unrelated Python supervisord running on a /tmp config, and under a --root
 * with the seed's machine: a hand-made /etc/init.d/supervisord (NAME=supervisord,
 * DAEMON=/usr/bin/$NAME) whose daemon was installed by pip into /usr/local/bin.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { DEBIAN_PYTHON, PYTHON_SUPERVISORD, startPythonSupervisord, type RunningSupervisord } from '../../helpers/python-supervisord.js';
import { SVWIZ } from '../../helpers/wizard-cli.js';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import type { SupervisorInventory } from '../../../src/doctor/supervisor-inventory.js';

const dir = makeTempDir('svw-sups');
const daemons: RunningSupervisord[] = [];
after(async () => {
  for (const daemon of daemons) await daemon.stop();
  removeTempDir(dir);
});

const inventory = (...args: string[]): SupervisorInventory => JSON.parse(execFileSync(process.execPath, [SVWIZ, 'supervisors', '--json', ...args], { encoding: 'utf8' })) as SupervisorInventory;

test('the real machine: the apt supervisord, Debian\'s boot services, and an unrelated daemon on a /tmp config with its socket', async () => {
  const socket = path.join(dir, 's.sock');
  const daemon = await startPythonSupervisord(dir, daemonConfigText(dir, ''), socket);
  daemons.push(daemon);
  const found = inventory();
  assert.ok(found.installed.some((d) => d.path === '/usr/bin/supervisord' && d.origin === 'apt' && d.backend === 'supervisord'), JSON.stringify(found.installed));
  const debian = found.bootServices.filter((s) => s.configFile === '/etc/supervisor/supervisord.conf');
  assert.deepEqual(debian.map((s) => [s.kind, s.name, s.daemon, s.daemonMissing]).sort(), [
    ['systemd', 'supervisor', '/usr/bin/supervisord', false],
    ['sysv', 'supervisor', '/usr/bin/supervisord', false],
  ]);
  const running = found.running.find((d) => d.pid === daemon.child.pid);
  assert.deepEqual(running, { pid: daemon.child.pid, backend: 'supervisord', configFile: daemon.configPath, argv: [DEBIAN_PYTHON, PYTHON_SUPERVISORD, '-n', '-c', daemon.configPath], serverUrls: [`unix://${socket}`] });
  const config = found.configs.find((c) => c.file === daemon.configPath);
  assert.deepEqual(config?.reasons, [`running supervisord pid ${daemon.child.pid}`]);
  assert.equal(config?.firstInSearchOrder, false, 'a /tmp config is never what plain supervisorctl reads');
  const text = execFileSync(process.execPath, [SVWIZ, 'supervisors'], { encoding: 'utf8' });
  assert.match(text, new RegExp(`pid ${daemon.child.pid} supervisord on ${daemon.configPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, serving unix://`));
});

test('the seed\'s machine under --root: a hand-made init script of another name, pip\'s daemon in /usr/local/bin, its DAEMON pointing at nothing', () => {
  const root = path.join(dir, 'root');
  const put = (file: string, text: string, mode = 0o644) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
    chmodSync(path.join(root, file), mode);
  };
  put('/usr/local/bin/supervisord', '#!/usr/bin/python3\n# pip-installed\n', 0o755);
  put('/etc/supervisord.conf', '[supervisord]\n[include]\nfiles = /etc/supervisor/conf.d/*.ini\n');
  put('/etc/init.d/supervisord', '#!/bin/sh\nNAME=supervisord\nDAEMON=/usr/bin/$NAME\nDAEMON_ARGS="-c /etc/supervisord.conf"\ncase "$1" in start) $DAEMON $DAEMON_ARGS ;; esac\n', 0o755);
  mkdirSync(path.join(root, 'etc/rc2.d'), { recursive: true });
  symlinkSync('../init.d/supervisord', path.join(root, 'etc/rc2.d/S90supervisord'));
  const found = inventory('--root', root);
  assert.deepEqual(found.installed, [{ path: '/usr/local/bin/supervisord', backend: 'supervisord', origin: 'pip' }]);
  assert.deepEqual(
    found.bootServices.map((s) => [s.file, s.daemon, s.configFile, s.enabled, s.daemonMissing]),
    [['/etc/init.d/supervisord', '/usr/bin/supervisord', '/etc/supervisord.conf', true, true]],
  );
  assert.deepEqual(found.configs, [{ file: '/etc/supervisord.conf', reasons: ['search order #5', 'boot service /etc/init.d/supervisord'], firstInSearchOrder: true }]);
  assert.deepEqual(found.running, [], 'nothing runs inside an image');
});
