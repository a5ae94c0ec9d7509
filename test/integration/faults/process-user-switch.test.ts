/**
 * `[supervisord] user=nobody` with a log dir only root may enter and a root-only config (it holds
 * the password hash): the start fails naming the log, the user and both ways out, and the
 * preflight judges the log dir with root's eyes instead of blaming the unreadable config (#13).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { SVWIZD_BIN } from '../../helpers/svwizd-daemon.js';

const dir = makeTempDir('svw-usw');
after(() => removeTempDir(dir));

test('user= and a log dir the user cannot enter: a clear error as root, then the right preflight finding', () => {
  assert.equal(process.getuid?.(), 0, 'this test switches users, so it runs as root (as CI does)');
  chmodSync(dir, 0o755);
  const logs = path.join(dir, 'logs');
  mkdirSync(logs, { mode: 0o700 });
  chmodSync(logs, 0o700);
  const config = path.join(dir, 'supervisord.conf');
  writeFileSync(
    config,
    `[supervisord]\nuser=nobody\nlogfile=${logs}/main.log\npidfile=${logs}/d.pid\n\n[unix_http_server]\nfile=${logs}/s.sock\n\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n[program:a]\ncommand=sleep 60\n`,
  );
  chmodSync(config, 0o600);
  for (const args of [['-n', '-c', config], ['-c', config]]) {
    const run = spawnSync(process.execPath, [SVWIZD_BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
    const mode = args.includes('-n') ? '-n' : 'daemonized';
    assert.notEqual(run.status, 0, mode);
    assert.match(run.stderr, new RegExp(`nobody \\(user= in \\[supervisord\\]\\) cannot write its main log ${logs}/main\\.log: ${logs} cannot be entered by nobody`), `${mode}: ${run.stderr}`);
    assert.match(run.stderr, /run the supervisor as root and only the programs as nobody: remove user= from \[supervisord\] and set user=nobody in each \[program:x\]/);
    assert.match(run.stderr, new RegExp(`\\[log-permissions\\] .*nobody \\(the daemon's user\\) cannot write: ${logs} cannot be entered`), `${mode}: ${run.stderr}`);
    assert.match(run.stderr, new RegExp(`fix: chown nobody ${logs}; chmod 0750 ${logs}`));
    assert.doesNotMatch(run.stderr, /cannot read .*supervisord\.conf/, `${mode}: the config was readable for the daemon`);
  }
});
