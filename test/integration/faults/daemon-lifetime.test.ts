/**
 * svwizd never stops by itself (#12): whatever the config holds — no HTTP server, no programs,
 * only stopped programs, only one-shot programs, a program that went FATAL — the daemon is still
 * up 10 s later, in the foreground and daemonized, and SIGTERM then ends it with status 0 and no
 * pidfile or children record left.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { isAlive } from '../../helpers/processes.js';
import { startSvwizd, SVWIZD_BIN } from '../../helpers/svwizd-daemon.js';
import { StrayProcesses } from '../../helpers/daemon-strays.js';

const root = makeTempDir('svw-life');
const strays = new StrayProcesses();
after(() => {
  strays.killAll();
  removeTempDir(root);
});

const SHAPES: Record<string, string> = {
  'no programs': '',
  'only autostart=false programs': '[program:idle]\ncommand=sleep 60\nautostart=false\n',
  'only one-shot programs': '[program:once]\ncommand=true\nstartsecs=0\nautorestart=false\n',
  'a program that went FATAL': '[program:broken]\ncommand=false\nstartsecs=1\nstartretries=0\n',
};

/** A config without [unix_http_server] or [inet_http_server]: nothing but the daemon itself keeps it alive. */
function serverlessConfig(dir: string, programs: string): string {
  return `[supervisord]\nlogfile=${dir}/main.log\npidfile=${dir}/d.pid\nchildlogdir=${dir}\nloglevel=info\n\n${programs}`;
}

const SETTLE_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function foreground(name: string, programs: string): Promise<void> {
  const dir = path.join(root, `fg-${Object.keys(SHAPES).indexOf(name)}`);
  mkdirSync(dir);
  // No server to answer: the pidfile is the sign it is up.
  const daemon = await startSvwizd(dir, serverlessConfig(dir, programs), { answersAt: { file: `${dir}/d.pid` } });
  await sleep(SETTLE_MS);
  assert.equal(daemon.child.exitCode, null, `-n, ${name}: exited by itself with ${daemon.child.exitCode}: ${daemon.output()}`);
  assert.equal(await daemon.stop(), 0, `-n, ${name}: SIGTERM exit status (${daemon.output()})`);
  assert.equal(existsSync(`${dir}/d.pid`), false, `-n, ${name}: pidfile left`);
  assert.equal(existsSync(`${dir}/d.pid.children.json`), false, `-n, ${name}: children record left`);
}

async function daemonized(name: string, programs: string): Promise<void> {
  const dir = path.join(root, `bg-${Object.keys(SHAPES).indexOf(name)}`);
  mkdirSync(dir);
  const file = path.join(dir, 'svwizd.conf');
  writeFileSync(file, serverlessConfig(dir, programs));
  const start = spawnSync(process.execPath, [SVWIZD_BIN, '-c', file], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(start.status, 0, `daemonized, ${name}: ${start.stderr}`);
  const pid = Number(readFileSync(`${dir}/d.pid`, 'utf8'));
  strays.track(pid);
  await sleep(SETTLE_MS);
  // Not our child (it detached), so liveness is read from /proc: a zombie counts as gone.
  assert.ok(isAlive(pid), `daemonized, ${name}: gone after ${SETTLE_MS} ms: ${readFileSync(`${dir}/main.log`, 'utf8')}`);
  process.kill(pid, 'SIGTERM');
  await waitFor(`daemonized, ${name}: exit`, () => !isAlive(pid), { timeoutMs: 20_000 });
  assert.equal(existsSync(`${dir}/d.pid`), false, `daemonized, ${name}: pidfile left`);
  assert.match(readFileSync(`${dir}/main.log`, 'utf8'), /received SIGTERM indicating exit request/);
}

test('svwizd stays up with nothing to keep it busy, in every config shape, foreground and daemonized', { timeout: 90_000 }, async () => {
  // All shapes at once: the 10 s wait is shared.
  await Promise.all(Object.entries(SHAPES).flatMap(([name, programs]) => [foreground(name, programs), daemonized(name, programs)]));
});

test('a FATAL program in a serverless daemon is still FATAL, not a reason to exit', { timeout: 60_000 }, async () => {
  const dir = path.join(root, 'fatal-log');
  mkdirSync(dir);
  const daemon = await startSvwizd(dir, serverlessConfig(dir, SHAPES['a program that went FATAL']), { answersAt: { file: `${dir}/d.pid` } });
  await waitFor('gave up', () => existsSync(`${dir}/main.log`) && /gave up: broken entered FATAL state/.test(readFileSync(`${dir}/main.log`, 'utf8')), { timeoutMs: 20_000 });
  await sleep(2000);
  assert.equal(daemon.child.exitCode, null, 'still up after the FATAL');
  assert.equal(await daemon.stop(), 0);
});
