/**
 * A setup svwiz init recorded (setup.json) is the one the doctor checks without -c, and its
 * start advice uses that setup's backend: svwizd for a svwizd setup, never Python supervisord
 * (which would silently switch the backend) (#13). Under --root, so nothing runs.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { SVWIZ } from '../../helpers/wizard-cli.js';

const root = makeTempDir('svw-rec');
after(() => removeTempDir(root));

const put = (file: string, text: string, mode = 0o644) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
  chmodSync(path.join(root, file), mode);
};

interface Report {
  configFile?: string;
  configSource?: string;
  checks: { id: string; findings: { message: string; fix?: { description: string; commands?: string[] } }[] }[];
}

function doctor(): Report {
  const run = spawnSync(process.execPath, [SVWIZ, 'doctor', '--root', root, '--json', '--check', 'supervisor-running'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, HOME: '/nonexistent-home' },
  });
  return JSON.parse(run.stdout) as Report;
}

test('the recorded svwizd setup is checked and started with svwizd; without the record, Supervisor\'s search order and supervisord', () => {
  put('/usr/local/bin/svwizd', '#!/usr/bin/env node\n', 0o755);
  put('/usr/bin/supervisord', '#!/usr/bin/python3\n', 0o755);
  put('/srv/svwiz/supervisord.conf', '[unix_http_server]\nfile=/run/svwiz.sock\n[supervisord]\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n');
  put('/etc/supervisor/supervisord.conf', '[unix_http_server]\nfile=/run/supervisor.sock\n[supervisord]\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n');
  put('/etc/svwiz/setup.json', JSON.stringify({ version: 1, configFile: '/srv/svwiz/supervisord.conf', backend: 'svwizd' }));
  const recorded = doctor();
  assert.equal(recorded.configFile, '/srv/svwiz/supervisord.conf');
  assert.equal(recorded.configSource, 'setup-record');
  const start = recorded.checks.find((c) => c.id === 'supervisor-running')!.findings[0]!;
  assert.deepEqual(start.fix?.commands, ['/usr/local/bin/svwizd -c /srv/svwiz/supervisord.conf']);

  rmSync(path.join(root, 'etc/svwiz/setup.json'));
  const plain = doctor();
  assert.equal(plain.configFile, '/etc/supervisor/supervisord.conf');
  assert.equal(plain.configSource, 'search-path');
  assert.deepEqual(plain.checks.find((c) => c.id === 'supervisor-running')!.findings[0]!.fix?.commands, ['/usr/bin/supervisord -c /etc/supervisor/supervisord.conf']);
});
