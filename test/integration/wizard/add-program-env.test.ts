/**
 * add-program with a Python script that needs PYTHONPATH from its user's login shell (exported in
 * ~/.profile): the variable is offered, written to environment=, and the program reaches
 * RUNNING. Without it the same program crashes, and add-program shows its stderr tail.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { pythonParse, runSvwiz, stopByPidfile, SVWIZCTL } from '../../helpers/wizard-cli.js';

const USER = 'svwzpy';
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function ensureUser(libDir: string): void {
  if (spawnSync('id', [USER]).status !== 0) execFileSync('useradd', ['-m', '-s', '/bin/sh', USER]);
  const home = execFileSync('sh', ['-c', `getent passwd ${USER} | cut -d: -f6`], { encoding: 'utf8' }).trim();
  // Only the login shell knows this: a supervisor starts no shell (the seed's PYTHONPATH story).
  writeFileSync(path.join(home, '.profile'), `# test profile\nexport PYTHONPATH=${libDir}\n`);
}

test('add-program offers PYTHONPATH from the login shell; with it RUNNING, without it a crash with the stderr tail', async () => {
  const dir = makeTempDir('wza');
  chmodSync(dir, 0o755);
  cleanups.push(() => removeTempDir(dir));
  const pidFile = path.join(dir, 'svwiz.pid');
  cleanups.push(() => stopByPidfile(pidFile));
  const env = { SVWIZ_BACKUP_DIR: path.join(dir, 'backups') };
  mkdirSync(path.join(dir, 'lib'));
  mkdirSync(path.join(dir, 'app'));
  writeFileSync(path.join(dir, 'lib/wzmod.py'), 'GREETING = "hello from wzmod"\n');
  writeFileSync(path.join(dir, 'app/main.py'), 'import time\nimport wzmod\nprint(wzmod.GREETING, flush=True)\nwhile True:\n    time.sleep(60)\n');
  ensureUser(path.join(dir, 'lib'));

  const config = path.join(dir, 'supervisord.conf');
  const init = await runSvwiz(
    ['init', '--yes', '--service', 'none', '--no-web', '--no-doctor', '--config', config, '--include-dir', path.join(dir, 'conf.d'),
      '--socket', path.join(dir, 's.sock'), '--pidfile', pidFile, '--log-dir', path.join(dir, 'log')],
    { env },
  );
  assert.equal(init.code, 0, init.stdout + init.stderr);

  const command = `/usr/bin/python3 ${path.join(dir, 'app/main.py')}`;
  const good = await runSvwiz(['add-program', 'withenv', '-c', config, '--yes', '--command', command, '--user', USER], { env });
  assert.equal(good.code, 0, good.stdout + good.stderr);
  assert.match(good.stdout, new RegExp(`PYTHONPATH=${path.join(dir, 'lib')}`));
  const ini = readFileSync(path.join(dir, 'conf.d/withenv.ini'), 'utf8');
  assert.match(ini, new RegExp(`^environment=.*PYTHONPATH="${path.join(dir, 'lib')}"`, 'm'));
  assert.match(ini, new RegExp(`^user=${USER}$`, 'm'));
  assert.match(ini, new RegExp(`^directory=${path.join(dir, 'app')}$`, 'm'));
  assert.match(good.stderr, /withenv is RUNNING/);
  const status = spawnSync(process.execPath, [SVWIZCTL, '-c', config, 'status', 'withenv'], { encoding: 'utf8' });
  assert.match(status.stdout, /withenv\s+RUNNING/);
  assert.match(readFileSync(path.join(dir, 'log/withenv.out.log'), 'utf8'), /hello from wzmod/);

  const again = await runSvwiz(['add-program', 'withenv', '-c', config, '--yes', '--command', command, '--user', USER], { env });
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.match(again.stdout, /Nothing to change/);
  assert.match(again.stderr, /withenv is RUNNING/);

  const parsed = pythonParse(config);
  assert.ok(parsed.ok, parsed.output);
  assert.match(parsed.output, new RegExp(`PROGRAM withenv .*'PYTHONPATH', '${path.join(dir, 'lib')}'`));

  const bad = await runSvwiz(['add-program', 'noenv', '-c', config, '--yes', '--command', command, '--user', USER, '--no-login-env', '--startretries', '0'], { env });
  assert.equal(bad.code, 1, bad.stdout + bad.stderr);
  assert.match(bad.stderr, /noenv is (FATAL|BACKOFF|EXITED)/);
  assert.match(bad.stdout, /ModuleNotFoundError: No module named 'wzmod'/);
  assert.doesNotMatch(readFileSync(path.join(dir, 'conf.d/noenv.ini'), 'utf8'), /PYTHONPATH/);

  const removed = await runSvwiz(['remove-program', 'withenv', '-c', config, '--yes'], { env });
  assert.equal(removed.code, 0, removed.stdout + removed.stderr);
  assert.match(removed.stdout, /stopped and removed withenv/);
  assert.ok(!existsSync(path.join(dir, 'conf.d/withenv.ini')));
  const after = spawnSync(process.execPath, [SVWIZCTL, '-c', config, 'status'], { encoding: 'utf8' });
  assert.doesNotMatch(after.stdout, /withenv/);
});
