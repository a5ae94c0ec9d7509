/**
 * svwizd never stops by itself (#12): whatever the config holds — no HTTP server, no programs,
 * only stopped programs, only one-shot programs, a program that went FATAL — the daemon is still
 * up 10 s later, in the foreground and daemonized, and SIGTERM then ends it with status 0 and no
 * pidfile or children record left.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { isAlive } from '../../helpers/processes.js';
import { SVWIZD_BIN } from '../../helpers/daemon-rpc.js';
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
  const text = `[supervisord]\nlogfile=${dir}/main.log\npidfile=${dir}/d.pid\nchildlogdir=${dir}\nloglevel=info\n\n${programs}`;
  const file = path.join(dir, 'svwizd.conf');
  writeFileSync(file, text);
  return file;
}

const SETTLE_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function foreground(name: string, programs: string): Promise<void> {
  const dir = path.join(root, `fg-${Object.keys(SHAPES).indexOf(name)}`);
  mkdirSync(dir);
  const child: ChildProcess = spawn(process.execPath, [SVWIZD_BIN, '-n', '-c', serverlessConfig(dir, programs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  strays.track(child.pid!);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitFor(`${name}: pidfile`, () => existsSync(`${dir}/d.pid`));
  await sleep(SETTLE_MS);
  assert.equal(child.exitCode, null, `-n, ${name}: exited by itself with ${child.exitCode}: ${output}`);
  child.kill('SIGTERM');
  assert.equal(await exited, 0, `-n, ${name}: SIGTERM exit status (${output})`);
  assert.equal(existsSync(`${dir}/d.pid`), false, `-n, ${name}: pidfile left`);
  assert.equal(existsSync(`${dir}/d.pid.children.json`), false, `-n, ${name}: children record left`);
}

async function daemonized(name: string, programs: string): Promise<void> {
  const dir = path.join(root, `bg-${Object.keys(SHAPES).indexOf(name)}`);
  mkdirSync(dir);
  const start = spawnSync(process.execPath, [SVWIZD_BIN, '-c', serverlessConfig(dir, programs)], { encoding: 'utf8', timeout: 30_000 });
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
  const child = spawn(process.execPath, [SVWIZD_BIN, '-n', '-c', serverlessConfig(dir, SHAPES['a program that went FATAL'])], { stdio: 'ignore' });
  strays.track(child.pid!);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitFor('gave up', () => existsSync(`${dir}/main.log`) && /gave up: broken entered FATAL state/.test(readFileSync(`${dir}/main.log`, 'utf8')), { timeoutMs: 20_000 });
  await sleep(2000);
  assert.equal(child.exitCode, null, 'still up after the FATAL');
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});
