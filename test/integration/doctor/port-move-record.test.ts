/**
 * The port-collision fix moves the HTTP server to a free port and keeps svwiz's setup record in
 * step (a later `svwiz init` would move it back otherwise), saying the new URL (#13).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { SVWIZ } from '../../helpers/wizard-cli.js';

const dir = makeTempDir('svw-port');
const busy = createServer();
after(() => {
  busy.close();
  removeTempDir(dir);
});

test('a held web port moves, setup.json follows, and the new URL is printed', async () => {
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const port = (busy.address() as { port: number }).port;
  const config = path.join(dir, 'supervisord.conf');
  writeFileSync(config, `[inet_http_server]\nport=127.0.0.1:${port}\n\n[supervisord]\nlogfile=${dir}/d.log\npidfile=${dir}/d.pid\n\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n`);
  const home = path.join(dir, 'home');
  const recordFile = path.join(home, '.config/svwiz/setup.json');
  mkdirSync(path.dirname(recordFile), { recursive: true });
  const record = { version: 1, mode: 'user', backend: 'svwizd', configFile: config, web: { host: '127.0.0.1', port, user: 'admin' }, service: 'none' };
  writeFileSync(recordFile, `${JSON.stringify(record, null, 2)}\n`);
  const run = spawnSync(process.execPath, [SVWIZ, 'doctor', '-c', config, '--check', 'port-collision', '--fix', '--yes', '--backup-dir', path.join(dir, 'backups')], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, HOME: home, NO_COLOR: '1' },
  });
  const moved = Number(/^port=127\.0\.0\.1:(\d+)$/m.exec(readFileSync(config, 'utf8'))?.[1]);
  assert.ok(moved && moved !== port, `config moved off ${port}: ${run.stdout}${run.stderr}`);
  const after = JSON.parse(readFileSync(recordFile, 'utf8')) as typeof record;
  assert.deepEqual(after, { ...record, web: { ...record.web, port: moved } }, 'only the port changed in the record');
  assert.match(`${run.stdout}${run.stderr}`, new RegExp(`http://127\\.0\\.0\\.1:${moved}/`), 'the new URL is said');
});
