/**
 * minfds/minprocs with real limits: the daemon raises its own RLIMIT_NPROC with prlimit(2) and the
 * children inherit it; as a non-root user a raise beyond the hard limit refuses to start (exit 2).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { rpcCall } from '../../helpers/daemon-rpc.js';
import { startSvwizd, SVWIZD_BIN, type RunningSvwizd } from '../../helpers/svwizd-daemon.js';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import { parseProcLimit } from '../../../src/daemon/resource-limits.js';
import type { ProcessInfo } from '../../../src/protocol/types.js';

const root = makeTempDir('svw-rl');
chmodSync(root, 0o755);
const running: RunningSvwizd[] = [];
after(async () => {
  for (const daemon of running) await daemon.stop();
  removeTempDir(root);
});

test('minprocs above the soft limit: raised for the daemon and its children, and logged', async () => {
  const dir = path.join(root, 'raise');
  mkdirSync(dir);
  const daemon = await startSvwizd(dir, daemonConfigText(dir, '[program:a]\ncommand=sleep 60\nstartsecs=0\n', 'minprocs=3000'), { launcher: ['prlimit', '--nproc=1000:50000', '--'] });
  running.push(daemon);
  const url = `unix://${dir}/s.sock`;
  await waitFor('a running', async () => ((await rpcCall(url, 'supervisor.getAllProcessInfo').catch(() => [])) as unknown as ProcessInfo[])[0]?.statename === 'RUNNING');
  const [a] = (await rpcCall(url, 'supervisor.getAllProcessInfo')) as unknown as ProcessInfo[];
  const daemonPid = (await rpcCall(url, 'supervisor.getPID')) as number;
  assert.deepEqual(parseProcLimit(readFileSync(`/proc/${daemonPid}/limits`, 'utf8'), 'Max processes'), { soft: 3000, hard: 50000 });
  assert.deepEqual(parseProcLimit(readFileSync(`/proc/${a.pid}/limits`, 'utf8'), 'Max processes'), { soft: 3000, hard: 50000 });
  assert.match(readFileSync(`${dir}/main.log`, 'utf8'), /INFO Increased RLIMIT_NPROC limit to 3000/);
  await rpcCall(url, 'supervisor.shutdown');
});

test('as a non-root user a minimum above the hard limit refuses to start with exit 2 and the reason', () => {
  const dir = path.join(root, 'refuse');
  mkdirSync(dir);
  const nobody = Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim());
  chownSync(dir, nobody, nobody);
  const conf = path.join(dir, 'svwizd.conf');
  writeFileSync(conf, daemonConfigText(dir, '[program:a]\ncommand=sleep 60\n', 'user=nobody'));
  const result = spawnSync('prlimit', ['--nproc=100:400', '--', process.execPath, SVWIZD_BIN, '-n', '-c', conf, '--minprocs', '500'], {
    encoding: 'utf8',
    timeout: 30000,
  });
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /The minimum number of processes required to run this process is 500 \("minprocs"/);
  assert.match(result.stderr, /allows only 100 \(hard limit 400/);
});
