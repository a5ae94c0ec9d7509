/**
 * A generated SysV init script, run for real: start/status/stop/restart really start and stop
 * the daemon, and its DAEMON/SUPERVISORCTL are exactly what `which` answers for binaries placed
 * in a non-standard directory on PATH (the seed's /usr/bin vs /usr/local/bin bug).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyPlan } from '../../../src/plan/apply.js';
import { buildServiceSpec } from '../../../src/service/install.js';
import { planServiceInstall } from '../../../src/service/plan-install.js';
import { renderSupervisordConf } from '../../../src/wizard/render-config.js';
import { isAlive } from '../../helpers/processes.js';
import { requirePythonSupervisor } from '../../helpers/python-supervisord.js';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { stopByPidfile, SVWIZCTL, SVWIZD } from '../../helpers/wizard-cli.js';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function wrapper(file: string, target: string[]): void {
  writeFileSync(file, `#!/bin/sh\nexec ${target.join(' ')} "$@"\n`);
  chmodSync(file, 0o755);
}

function run(script: string, action: string, PATH: string) {
  return spawnSync(script, [action], { encoding: 'utf8', env: { PATH }, timeout: 60000 });
}

for (const backend of ['supervisord', 'svwizd'] as const) {
  test(`SysV script for ${backend}: which-resolved paths, start/status/restart/stop for real`, async () => {
    requirePythonSupervisor();
    const dir = makeTempDir('wzv');
    cleanups.push(() => removeTempDir(dir));
    const pidFile = path.join(dir, 'run/svwiz.pid');
    cleanups.push(() => stopByPidfile(pidFile));
    const bin = path.join(dir, 'opt/sv/bin');
    mkdirSync(bin, { recursive: true });
    mkdirSync(path.join(dir, 'run'));
    if (backend === 'supervisord') {
      wrapper(path.join(bin, 'supervisord'), ['/usr/bin/supervisord']);
      wrapper(path.join(bin, 'supervisorctl'), ['/usr/bin/supervisorctl']);
    } else {
      wrapper(path.join(bin, 'svwizd'), [process.execPath, SVWIZD]);
      wrapper(path.join(bin, 'svwizctl'), [process.execPath, SVWIZCTL]);
    }
    const PATH = `${bin}:/usr/bin:/bin`;
    const configFile = path.join(dir, 'supervisord.conf');
    const includeDir = path.join(dir, 'conf.d');
    mkdirSync(includeDir);
    mkdirSync(path.join(dir, 'log'));
    writeFileSync(
      configFile,
      renderSupervisordConf({
        mode: 'user', backend, configFile, includeDir, includePatterns: [path.join(includeDir, '*.ini')],
        socketFile: path.join(dir, 'run/s.sock'), logDir: path.join(dir, 'log'), logOwner: 'root', pidFile,
        web: false, webHost: '', webPort: 0, webUser: '', webPasswordStored: '', webPasswordPlain: null,
        service: 'sysv', serviceName: 'svwiz',
      }),
    );
    writeFileSync(path.join(includeDir, 'sleeper.ini'), '[program:sleeper]\ncommand=/bin/sleep 1000\nstartsecs=0\n');

    const { spec } = buildServiceSpec({ kind: 'sysv', name: 'svwiz', backend, configFile, pidFile, home: '/root' }, { PATH, root: '/' });
    const names = backend === 'supervisord' ? ['supervisord', 'supervisorctl'] : ['svwizd', 'svwizctl'];
    const which = (name: string) => execFileSync('sh', ['-c', `command -v ${name}`], { env: { PATH }, encoding: 'utf8' }).trim();
    assert.equal(spec.daemon.binary, which(names[0]));
    assert.equal(spec.ctl.binary, which(names[1]));
    assert.equal(spec.daemon.binary, path.join(bin, names[0]));

    const root = path.join(dir, 'root');
    mkdirSync(root);
    await applyPlan(planServiceInstall(spec, { offline: true }), { root, backupDir: path.join(dir, 'backups') });
    const script = path.join(root, 'etc/init.d/svwiz');
    const text = readFileSync(script, 'utf8');
    assert.match(text, new RegExp(`^DAEMON=${which(names[0])}$`, 'm'));
    assert.match(text, new RegExp(`^SUPERVISORCTL=${which(names[1])}$`, 'm'));
    assert.match(text, new RegExp(`^PATH=${bin}:/usr/local/sbin:`, 'm'));

    const stoppedStatus = run(script, 'status', PATH);
    assert.equal(stoppedStatus.status, 3, stoppedStatus.stdout + stoppedStatus.stderr);

    const start = run(script, 'start', PATH);
    assert.equal(start.status, 0, start.stdout + start.stderr);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(isAlive(pid));
    const status = run(script, 'status', PATH);
    assert.equal(status.status, 0, status.stdout + status.stderr);
    assert.match(status.stdout, new RegExp(`running \\(pid ${pid}\\)`));
    assert.match(status.stdout, /sleeper\s+RUNNING/);
    assert.match(run(script, 'start', PATH).stdout, /already running/);

    const restart = run(script, 'restart', PATH);
    assert.equal(restart.status, 0, restart.stdout + restart.stderr);
    const newPid = Number(readFileSync(pidFile, 'utf8'));
    assert.notEqual(newPid, pid);
    assert.ok(!isAlive(pid), 'the old daemon is gone after restart');
    assert.ok(isAlive(newPid));

    const stop = run(script, 'stop', PATH);
    assert.equal(stop.status, 0, stop.stdout + stop.stderr);
    await waitFor('daemon gone', () => !isAlive(newPid));
    assert.ok(!existsSync(pidFile));
    assert.equal(run(script, 'status', PATH).status, 3);
    assert.equal(run(script, 'bogus', PATH).status, 2);
  });
}
