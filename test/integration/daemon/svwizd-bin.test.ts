/**
 * The svwizd bin end to end: real config files through the real loader, real RPC over the unix
 * socket, real signals. SIGHUP reload, SIGTERM leaving no child, daemon mode readiness and its
 * failure report, low-memory mode of a detached daemon, leftover children of a killed daemon,
 * and running as a non-root user.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { isAlive } from '../../helpers/processes.js';
import { rpcCall } from '../../helpers/daemon-rpc.js';
import { startSvwizd, SVWIZD_BIN, type RunningSvwizd } from '../../helpers/svwizd-daemon.js';
import type { ProcessInfo } from '../../../src/protocol/types.js';
import { StrayProcesses } from '../../helpers/daemon-strays.js';
import { daemonConfigText } from '../../helpers/daemon-config.js';

const root = makeTempDir('svw-bin');
chmodSync(root, 0o755);
const running: RunningSvwizd[] = [];
const strays = new StrayProcesses();
after(async () => {
  for (const daemon of running) await daemon.stop();
  strays.killAll();
  removeTempDir(root);
});

function newDir(name: string): string {
  const dir = path.join(root, name);
  mkdirSync(dir);
  return dir;
}

const info = async (dir: string): Promise<ProcessInfo[]> => (await rpcCall(`unix://${dir}/s.sock`, 'supervisor.getAllProcessInfo')) as unknown as ProcessInfo[];

test('SIGHUP reloads the changed config in the same process; SIGTERM stops every child and exits 0', async () => {
  const dir = newDir('hup');
  const socket = `${dir}/s.sock`;
  const daemon = await startSvwizd(dir, daemonConfigText(dir, '[program:a]\ncommand=sleep 60\nstartsecs=0\n'));
  running.push(daemon);
  await waitFor('a running', async () => (await info(dir)).find((p) => p.name === 'a')?.statename === 'RUNNING');
  writeFileSync(
    daemon.configPath,
    daemonConfigText(dir, `[program:a]\ncommand=sleep 60\nstartsecs=0\n\n[program:b]\ncommand=sh -c "trap '' TERM; exec sleep 60"\nstartsecs=0\nstopwaitsecs=1\n\n[program:c]\ncommand=sh -c "sleep 60 & exec sleep 61"\nstopasgroup=true\nstartsecs=0\n`),
  );
  daemon.child.kill('SIGHUP');
  await waitFor('b and c running after reload', async () => {
    const all = await info(dir).catch(() => []);
    return all.length === 3 && all.every((p) => p.statename === 'RUNNING');
  });
  assert.equal(Number(readFileSync(`${dir}/d.pid`, 'utf8')), daemon.child.pid, 'same process after reload');
  const pids = (await info(dir)).map((p) => p.pid);
  const grandchild = Number(spawnSync('pgrep', ['-P', String((await info(dir)).find((p) => p.name === 'c')!.pid)], { encoding: 'utf8' }).stdout.trim() || 0);
  const log = readFileSync(`${dir}/main.log`, 'utf8');
  assert.match(log, /WARN received SIGHUP indicating restart request/);
  const code = await daemon.stop();
  assert.equal(code, 0);
  for (const pid of pids) assert.equal(isAlive(pid), false, `child ${pid} gone`);
  if (grandchild) assert.equal(isAlive(grandchild), false, 'stopasgroup grandchild gone');
  assert.equal(existsSync(`${dir}/d.pid`), false, 'pidfile removed');
  assert.equal(existsSync(socket), false, 'socket removed');
  assert.match(readFileSync(`${dir}/main.log`, 'utf8'), /WARN received SIGTERM indicating exit request/);
});

test('daemon mode: the parent exits 0 only once the daemon serves; start-up failures exit non-zero with the reason', async () => {
  const dir = newDir('daemon');
  writeFileSync(path.join(dir, 'svwizd.conf'), daemonConfigText(dir, '[program:a]\ncommand=sleep 60\n'));
  const result = spawnSync(process.execPath, [SVWIZD_BIN, '-c', path.join(dir, 'svwizd.conf')], { encoding: 'utf8', timeout: 30000 });
  assert.equal(result.status, 0, result.stderr);
  const pid = Number(readFileSync(`${dir}/d.pid`, 'utf8'));
  strays.track(pid);
  assert.ok(isAlive(pid));
  assert.equal(await rpcCall(`unix://${dir}/s.sock`, 'supervisor.getPID'), pid);
  assert.equal(await rpcCall(`unix://${dir}/s.sock`, 'supervisor.shutdown'), true);
  await waitFor('daemon gone', () => !isAlive(pid), { timeoutMs: 20000 });

  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const port = (busy.address() as { port: number }).port;
  const failDir = newDir('daemon-fail');
  writeFileSync(path.join(failDir, 'svwizd.conf'), daemonConfigText(failDir, '', `\n[inet_http_server]\nport=127.0.0.1:${port}\n`).replace('[supervisord]', '[supervisord]\n'));
  const failed = spawnSync(process.execPath, [SVWIZD_BIN, '-c', path.join(failDir, 'svwizd.conf')], { encoding: 'utf8', timeout: 30000 });
  busy.close();
  assert.notEqual(failed.status, 0);
  assert.match(failed.stderr, /Another program is already listening on a port/);
  assert.match(failed.stderr, new RegExp(`held by .*${process.pid}`));
  // The doctor's preflight explains the failure: who holds the port and the fix command.
  assert.match(failed.stderr, new RegExp(`error \\[port-collision\\] .*port ${port} of \\[inet_http_server\\] is held by pid ${process.pid}`));
  assert.match(failed.stderr, /svwiz doctor --fix --check port-collision/);
  assert.doesNotMatch(failed.stderr, /stale-socket/);
});

test('daemon mode on a small board: the detached daemon runs with the low-memory flag; SVWIZD_LOW_MEMORY chooses, a bad value is refused', async () => {
  const cmdlineOf = (pid: number): string[] => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  /** Starts a daemon-mode svwizd (node run with `nodeFlags`) and returns its detached copy's argv once it is gone again. */
  const startDetached = async (name: string, env: NodeJS.ProcessEnv, nodeFlags: string[] = []): Promise<string[]> => {
    const dir = newDir(name);
    writeFileSync(path.join(dir, 'svwizd.conf'), daemonConfigText(dir, '[program:a]\ncommand=sleep 60\n'));
    const result = spawnSync(process.execPath, [...nodeFlags, SVWIZD_BIN, '-c', path.join(dir, 'svwizd.conf')], { encoding: 'utf8', timeout: 30000, env: { ...process.env, ...env } });
    assert.equal(result.status, 0, result.stderr);
    const pid = Number(readFileSync(`${dir}/d.pid`, 'utf8'));
    strays.track(pid);
    const argv = cmdlineOf(pid);
    assert.equal(await rpcCall(`unix://${dir}/s.sock`, 'supervisor.shutdown'), true);
    await waitFor('daemon gone', () => !isAlive(pid), { timeoutMs: 20000 });
    return argv;
  };
  const on = await startDetached('lowmem-on', { SVWIZD_LOW_MEMORY: '1' });
  assert.deepEqual(on.slice(0, 3), [process.execPath, '--max-semi-space-size=1', SVWIZD_BIN], on.join(' '));
  const off = await startDetached('lowmem-off', { SVWIZD_LOW_MEMORY: '0' });
  assert.deepEqual(off.slice(0, 2), [process.execPath, SVWIZD_BIN], off.join(' '));
  // The user's own nursery size on node's command line is kept and not doubled.
  const own = await startDetached('lowmem-own', { SVWIZD_LOW_MEMORY: '1' }, ['--max-semi-space-size=4']);
  assert.deepEqual(own.slice(0, 3), [process.execPath, '--max-semi-space-size=4', SVWIZD_BIN], own.join(' '));

  const badDir = newDir('lowmem-bad');
  writeFileSync(path.join(badDir, 'svwizd.conf'), daemonConfigText(badDir, ''));
  const bad = spawnSync(process.execPath, [SVWIZD_BIN, '-c', path.join(badDir, 'svwizd.conf')], { encoding: 'utf8', timeout: 30000, env: { ...process.env, SVWIZD_LOW_MEMORY: 'yes' } });
  assert.equal(bad.status, 2, bad.stderr);
  assert.match(bad.stderr, /SVWIZD_LOW_MEMORY=yes is not valid: use 1 \(low-memory mode on\), 0 \(off\)/);
  assert.equal(existsSync(`${badDir}/d.pid`), false, 'no daemon was started');
});

test('children left behind by a killed daemon are stopped by the next start before it starts new copies', async () => {
  const dir = newDir('leftover');
  const socket = `${dir}/s.sock`;
  const programs = '[program:orphan]\ncommand=sleep 6070\nstartsecs=0\n\n[program:pair]\ncommand=sleep 6071\nnumprocs=2\nprocess_name=%(program_name)s_%(process_num)d\nstartsecs=0\n';
  const first = await startSvwizd(dir, daemonConfigText(dir, programs));
  await waitFor('all running', async () => (await info(dir)).filter((p) => p.statename === 'RUNNING').length === 3);
  const orphans = (await info(dir)).map((p) => p.pid);
  for (const pid of orphans) strays.track(pid);
  // Let the pid records of the last spawn reach the disk.
  await waitFor('records written', () => (JSON.parse(readFileSync(`${dir}/d.pid.children.json`, 'utf8')) as { children: unknown[] }).children.length === 3);
  first.child.kill('SIGKILL');
  await waitFor('first daemon dead', () => first.child.exitCode !== null || first.child.signalCode !== null);
  for (const pid of orphans) assert.ok(isAlive(pid));
  const second = await startSvwizd(dir, daemonConfigText(dir, programs));
  running.push(second);
  await waitFor('new copies running', async () => (await info(dir)).filter((p) => p.statename === 'RUNNING').length === 3);
  for (const pid of orphans) assert.equal(isAlive(pid), false, `leftover ${pid} stopped`);
  const now = (await info(dir)).map((p) => p.pid);
  for (const pid of now) assert.ok(!orphans.includes(pid), 'new copies, not adopted ones');
  // Exactly one copy of each program runs.
  const sleeps = spawnSync('pgrep', ['-f', '^sleep 607[01]$'], { encoding: 'utf8' }).stdout.trim().split('\n').map(Number).filter(isAlive);
  assert.deepEqual(sleeps.sort(), [...now].sort());
  const log = readFileSync(`${dir}/main.log`, 'utf8');
  assert.match(log, new RegExp(`WARN stopping 'orphan' \\(pid ${orphans[0]}\\), left running by a previous svwizd \\(pid ${first.child.pid}\\)`));
  assert.match(log, new RegExp(`INFO stopped leftover 'pair:pair_0' \\(pid ${orphans[1]}\\)`));
  // The stops come before the new spawns.
  assert.ok(log.indexOf(`stopped leftover 'orphan'`) < log.lastIndexOf(`spawned: 'orphan'`));
  await second.stop();
});

test('as a non-root user: unwritable log → EACCES dispatcher error; user=root → refused in the child', async () => {
  const dir = newDir('nonroot');
  const nobody = Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim());
  chownSync(dir, nobody, nobody);
  const locked = path.join(root, 'locked');
  mkdirSync(locked, { mode: 0o700 });
  const programs = `[program:nolog]\ncommand=sleep 60\nstdout_logfile=${locked}/x.log\nstartretries=0\n\n[program:asroot]\ncommand=sleep 60\nuser=root\nstderr_logfile=${dir}/asroot.err\nstartretries=0\n`;
  const daemon = await startSvwizd(dir, daemonConfigText(dir, programs, 'user=nobody'));
  running.push(daemon);
  await waitFor('both FATAL', async () => (await info(dir)).every((p) => p.statename === 'FATAL'));
  const all = await info(dir);
  assert.equal(all.find((p) => p.name === 'nolog')!.description, "unknown error making dispatchers for 'nolog': EACCES");
  assert.equal(
    readFileSync(`${dir}/asroot.err`, 'utf8'),
    "supervisor: couldn't setuid to 0: Can't drop privilege as nonroot user\nsupervisor: child process was not spawned\n",
  );
  assert.equal(await daemon.stop(), 0);
});

test('SIGHUP with a config that no longer parses keeps the daemon and its programs running, saying why in the main log', async () => {
  const dir = newDir('hup-broken');
  const daemon = await startSvwizd(dir, daemonConfigText(dir, '[program:a]\ncommand=sleep 60\nstartsecs=0\n'));
  running.push(daemon);
  await waitFor('a running', async () => (await info(dir))[0]?.statename === 'RUNNING');
  const pid = (await info(dir))[0]!.pid;
  writeFileSync(daemon.configPath, daemonConfigText(dir, '[program:a]\ncommand=sleep 60\nstartsecs=notanumber\n'));
  daemon.child.kill('SIGHUP');
  await waitFor('refusal logged', () => /ERRO restart refused, the config is broken/.test(readFileSync(`${dir}/main.log`, 'utf8')));
  // Supervisor would stop everything and exit 2 here; svwizd keeps the running config (#12).
  assert.match(readFileSync(`${dir}/main.log`, 'utf8'), /ERRO restart refused, the config is broken \(everything keeps running\): .*supervisord\.conf:\d+.*startsecs/);
  assert.equal(daemon.child.exitCode, null);
  assert.ok(isAlive(pid));
  assert.deepEqual((await info(dir)).map((p) => [p.statename, p.pid]), [['RUNNING', pid]]);
});

test('a large config starts in slices: RPC is answered while programs are still being spawned', async () => {
  const dir = newDir('slices');
  const programs = '[program:many]\ncommand=sleep 60\nprocess_name=%(program_name)s_%(process_num)03d\nnumprocs=600\nstartsecs=0\n';
  writeFileSync(path.join(dir, 'svwizd.conf'), daemonConfigText(dir, programs));
  // Daemon mode: the parent exits once the daemon serves, which is before any program is spawned.
  const started = spawnSync(process.execPath, [SVWIZD_BIN, '-c', path.join(dir, 'svwizd.conf')], { encoding: 'utf8', timeout: 30000 });
  assert.equal(started.status, 0, started.stderr);
  const pid = Number(readFileSync(`${dir}/d.pid`, 'utf8'));
  strays.track(pid);
  // 600 forks take far longer than one 100 ms slice, so the first answer sees some not spawned yet.
  const first = await info(dir);
  assert.equal(first.length, 600);
  assert.ok(
    first.some((p) => p.statename === 'STOPPED'),
    `expected programs still waiting for their slice, got ${[...new Set(first.map((p) => p.statename))].join(', ')}`,
  );
  await waitFor('all 600 running', async () => (await info(dir)).every((p) => p.statename === 'RUNNING'), { timeoutMs: 60000, intervalMs: 250 });
  const children = (await info(dir)).map((p) => p.pid);
  for (const child of children) strays.track(child);
  assert.equal(new Set(children).size, 600, 'each program spawned exactly once');
  assert.equal(await rpcCall(`unix://${dir}/s.sock`, 'supervisor.shutdown'), true);
  await waitFor('daemon gone', () => !isAlive(pid), { timeoutMs: 30000 });
  for (const child of children) assert.equal(isAlive(child), false);
});
