/**
 * A generated SysV init script, run for real: start/status/stop/restart really start and stop
 * the daemon, and its DAEMON/SUPERVISORCTL are exactly what `which` answers for binaries placed
 * in a non-standard directory on PATH (the seed's /usr/bin vs /usr/local/bin bug).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyPlan } from '../../../src/plan/apply.js';
import { buildServiceSpec } from '../../../src/service/install.js';
import { planServiceInstall } from '../../../src/service/plan-install.js';
import { renderSupervisordConf } from '../../../src/wizard/render-config.js';
import type { ServiceSpec } from '../../../src/service/types.js';
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

/** A config with one program (INI), and its SysV script installed into a temp root; nothing started. */
/** nodeBins: svwizd/svwizctl are symlinks to `#!/usr/bin/env node` files, as `npm install -g` leaves them. */
async function installedScript(
  backend: 'supervisord' | 'svwizd',
  programIni: string,
  tune: (spec: ServiceSpec) => ServiceSpec = (spec) => spec,
  options: { nodeBins?: boolean; lowMemory?: boolean } = {},
) {
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
  } else if (options.nodeBins) {
    symlinkSync(SVWIZD, path.join(bin, 'svwizd'));
    symlinkSync(SVWIZCTL, path.join(bin, 'svwizctl'));
  } else {
    wrapper(path.join(bin, 'svwizd'), [process.execPath, SVWIZD]);
    wrapper(path.join(bin, 'svwizctl'), [process.execPath, SVWIZCTL]);
  }
  const PATH = `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin`;
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
  writeFileSync(path.join(includeDir, 'program.ini'), programIni);

  const { spec } = buildServiceSpec({ kind: 'sysv', name: 'svwiz', backend, configFile, pidFile, home: '/root', lowMemory: options.lowMemory }, { PATH, root: '/' });
  const root = path.join(dir, 'root');
  mkdirSync(root);
  await applyPlan(planServiceInstall(tune(spec), { offline: true }), { root, backupDir: path.join(dir, 'backups') });
  return { dir, bin, PATH, pidFile, spec, script: path.join(root, 'etc/init.d/svwiz') };
}

for (const backend of ['supervisord', 'svwizd'] as const) {
  test(`SysV script for ${backend}: which-resolved paths, start/status/restart/stop for real`, async () => {
    const { bin, PATH, pidFile, spec, script } = await installedScript(backend, '[program:sleeper]\ncommand=/bin/sleep 1000\nstartsecs=0\n');
    const names = backend === 'supervisord' ? ['supervisord', 'supervisorctl'] : ['svwizd', 'svwizctl'];
    const which = (name: string) => execFileSync('sh', ['-c', `command -v ${name}`], { env: { PATH }, encoding: 'utf8' }).trim();
    assert.equal(spec.daemon.binary, which(names[0]));
    assert.equal(spec.ctl.binary, which(names[1]));
    assert.equal(spec.daemon.binary, path.join(bin, names[0]));

    const text = readFileSync(script, 'utf8');
    assert.match(text, new RegExp(`^DAEMON=${which(names[0])}$`, 'm'));
    assert.match(text, new RegExp(`^SUPERVISORCTL=${which(names[1])}$`, 'm'));
    assert.match(text, new RegExp(`^PATH=${bin}:/usr/local/sbin:`, 'm'));
    // One program with the default stopwaitsecs: systemd's 90 s floor.
    assert.match(text, /^STOP_TIMEOUT=90$/m);

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

for (const backend of ['supervisord', 'svwizd'] as const) {
  test(`SysV stop for ${backend}: a program that outlasts the stop timeout is killed with the daemon, its children too`, async () => {
    // The program ignores SIGTERM (so does its child) and may take 600 s; the script waits 3 s.
    // Sleep lengths unique to this run, so pgrep finds only these two processes.
    const [child, leader] = [process.pid * 10 + 1000001, process.pid * 10 + 1000002].map((n) => `${n}${backend.length}`);
    const program = `[program:stubborn]\ncommand=/bin/sh -c "trap '' TERM; /bin/sleep ${child} & exec /bin/sleep ${leader}"\nstartsecs=0\nstopwaitsecs=600\n`;
    const { PATH, pidFile, script } = await installedScript(backend, program, (spec) => ({ ...spec, stopTimeoutSecs: 3 }));
    assert.match(readFileSync(script, 'utf8'), /^STOP_TIMEOUT=3$/m);
    const pidsOf = (n: string) => spawnSync('pgrep', ['-f', `^/bin/sleep ${n}$`], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean).map(Number);
    const start = run(script, 'start', PATH);
    assert.equal(start.status, 0, start.stdout + start.stderr);
    const daemon = Number(readFileSync(pidFile, 'utf8'));
    // Whatever happens, nothing of this test outlives it (the daemon would wait 600 s on SIGTERM).
    cleanups.push(() => [daemon, ...pidsOf(child), ...pidsOf(leader)].forEach((pid) => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }));
    const sleeps = await waitFor('the program and its child run', () => {
      const found = [pidsOf(child), pidsOf(leader)];
      return found.every((pids) => pids.length === 1) ? found.flat() : null;
    });

    const stop = run(script, 'stop', PATH);
    assert.equal(stop.status, 0, stop.stdout + stop.stderr);
    assert.match(stop.stderr, /did not stop in 3 s; killing it and the programs it started/);
    await waitFor('daemon gone', () => !isAlive(daemon));
    for (const pid of sleeps) await waitFor(`program process ${pid} gone`, () => !isAlive(pid));
    assert.ok(!existsSync(pidFile));
    assert.equal(run(script, 'status', PATH).status, 3);
  });
}

test('SysV script in low-memory mode for an npm-style svwizd bin: the daemon runs as node with the flag and the real bundle', async () => {
  const { PATH, pidFile, spec, script } = await installedScript('svwizd', '[program:sleeper]\ncommand=/bin/sleep 1000\nstartsecs=0\n', undefined, { nodeBins: true, lowMemory: true });
  const node = execFileSync('sh', ['-c', 'command -v node'], { env: { PATH }, encoding: 'utf8' }).trim();
  const text = readFileSync(script, 'utf8');
  assert.match(text, new RegExp(`^DAEMON=${node}$`, 'm'));
  assert.match(text, new RegExp(`^DAEMON_SCRIPT=${realpathSync(SVWIZD)}$`, 'm'));
  const start = run(script, 'start', PATH);
  assert.equal(start.status, 0, start.stdout + start.stderr);
  const pid = Number(readFileSync(pidFile, 'utf8'));
  // What the kernel started, not what the script says it would start.
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  assert.deepEqual(argv, [node, '--max-semi-space-size=1', realpathSync(SVWIZD), '-n', '-c', spec.configFile]);
  const stop = run(script, 'stop', PATH);
  assert.equal(stop.status, 0, stop.stdout + stop.stderr);
  await waitFor('daemon gone', () => !isAlive(pid));
});
