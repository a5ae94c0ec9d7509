/**
 * Non-interactive init on this machine with every path in a temp dir and no boot service: the
 * config is accepted by Python Supervisor's own parser, and init starts the chosen supervisor
 * (real Python supervisord, and svwizd) and waits until it answers.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { requirePythonSupervisor, PYTHON_SUPERVISORCTL } from '../../helpers/python-supervisord.js';
import { pythonParse, runSvwiz, stopByPidfile, SVWIZCTL } from '../../helpers/wizard-cli.js';
import { freePort } from '../../helpers/svwizd-daemon.js';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function initIn(backend: 'svwizd' | 'supervisord') {
  const dir = makeTempDir('wzs');
  chmodSync(dir, 0o755);
  const pidFile = path.join(dir, 'svwiz.pid');
  cleanups.push(() => removeTempDir(dir));
  cleanups.push(() => stopByPidfile(pidFile));
  const port = await freePort();
  const args = [
    'init', '--yes', '--backend', backend, '--service', 'none',
    '--config', path.join(dir, 'supervisord.conf'), '--include-dir', path.join(dir, 'conf.d'),
    '--socket', path.join(dir, 's.sock'), '--pidfile', pidFile, '--log-dir', path.join(dir, 'log'),
    '--web-port', String(port), '--web-password', 'secret-pw',
  ];
  const result = await runSvwiz(args, { env: { SVWIZ_BACKUP_DIR: path.join(dir, 'backups') } });
  return { dir, pidFile, port, result, config: path.join(dir, 'supervisord.conf') };
}

for (const backend of ['supervisord', 'svwizd'] as const) {
  test(`init --backend ${backend}: parsed by Python Supervisor, started, answering, doctor run`, async () => {
    requirePythonSupervisor();
    const { dir, pidFile, port, result, config } = await initIn(backend);
    assert.equal(result.code === 0 || /Doctor: .* [1-9]\d* errors?/.test(result.stdout), true, result.stdout + result.stderr);
    assert.match(result.stderr, new RegExp(`${backend} is running \\(pid \\d+\\)`));
    assert.match(result.stdout, /Doctor: \d+ ok/);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(pid > 0);

    // Programs in both *.ini and *.conf are read (the seed's glob trap).
    writeFileSync(path.join(dir, 'conf.d/a.ini'), '[program:a]\ncommand=/bin/sleep 1000\n');
    writeFileSync(path.join(dir, 'conf.d/b.conf'), '[program:b]\ncommand=/bin/sleep 1000\n');
    const parsed = pythonParse(config);
    assert.ok(parsed.ok, parsed.output);
    assert.deepEqual(parsed.programs.sort(), ['a', 'b']);

    // The real supervisorctl and svwizctl both reach it through the [supervisorctl] serverurl.
    const ctl = spawnSync(PYTHON_SUPERVISORCTL, ['-c', config, 'pid'], { encoding: 'utf8' });
    assert.equal(ctl.stdout.trim(), String(pid), ctl.stderr);
    const ours = spawnSync(process.execPath, [SVWIZCTL, '-c', config, 'pid'], { encoding: 'utf8' });
    assert.equal(ours.stdout.trim(), String(pid), ours.stderr);

    // The web server asks for the password whose {SHA} the config holds.
    const denied = await fetch(`http://127.0.0.1:${port}/`).catch((e: Error) => e);
    assert.ok(!(denied instanceof Error), String(denied));
    assert.equal((denied as Response).status, 401);
    const allowed = await fetch(`http://127.0.0.1:${port}/RPC2`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('admin:secret-pw').toString('base64')}`, 'Content-Type': 'text/xml' },
      body: '<?xml version="1.0"?><methodCall><methodName>supervisor.getPID</methodName><params></params></methodCall>',
    });
    assert.equal(allowed.status, 200);
    assert.match(await allowed.text(), new RegExp(`<int>${pid}</int>`));

    // Re-running with the same answers changes nothing and finds it running.
    const again = await runSvwiz(
      ['init', '--yes', '--backend', backend, '--service', 'none', '--config', config, '--include-dir', path.join(dir, 'conf.d'),
        '--socket', path.join(dir, 's.sock'), '--pidfile', pidFile, '--log-dir', path.join(dir, 'log'), '--web-port', String(port)],
      { env: { SVWIZ_BACKUP_DIR: path.join(dir, 'backups') } },
    );
    assert.match(again.stdout, /Nothing to change/, again.stdout + again.stderr);
    assert.match(again.stderr, new RegExp(`running \\(pid ${pid}\\)`));
    assert.ok(existsSync(path.join(dir, 'setup.json')));
  });
}
