/**
 * Supervisor's state machine with real children, in process: every transition, crash loops,
 * autorestart against exitcodes, SIGKILL escalation, stopasgroup, priority order, spawn errors
 * and restart pacing. Timings are generous tolerances only.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { isAlive } from '../../helpers/processes.js';
import { configModel, processConfig, startInProcess, type InProcessDaemon } from '../../helpers/daemon-config.js';
import type { SupervisedProcess } from '../../../src/daemon/supervised-process.js';
import { createSupervisorNamespace } from '../../../src/daemon/rpc-namespace.js';
import { StrayProcesses } from '../../helpers/daemon-strays.js';

const root = makeTempDir('svw-sm');
const daemons: InProcessDaemon[] = [];
const strays = new StrayProcesses();
after(async () => {
  for (const daemon of daemons) await daemon.stop();
  strays.killAll();
  removeTempDir(root);
});

function dirFor(name: string): string {
  const dir = path.join(root, name);
  mkdirSync(dir);
  return dir;
}

function run(name: string, ...configs: ReturnType<typeof processConfig>[]): InProcessDaemon {
  const daemon = startInProcess(configModel(dirFor(name), configs));
  daemons.push(daemon);
  return daemon;
}

function recordStates(process: SupervisedProcess): { states: string[]; times: number[] } {
  const record = { states: [process.state as string], times: [Date.now()] };
  process.onChange((p) => {
    record.states.push(p.state);
    record.times.push(Date.now());
  });
  return record;
}

test('STOPPED → STARTING → RUNNING, then stop: STOPPING → STOPPED with the stop logged', async () => {
  const daemon = run('basic', processConfig('sleeper', 'sleep 60', { autostart: false }));
  const sleeper = daemon.process('sleeper');
  const record = recordStates(sleeper);
  assert.equal(sleeper.state, 'STOPPED');
  sleeper.start();
  assert.equal(sleeper.state, 'STARTING');
  assert.ok(sleeper.pid > 0);
  const pid = sleeper.pid;
  await daemon.waitState('sleeper', 'RUNNING');
  assert.ok(Date.now() - record.times[1]! >= 950, 'RUNNING only after startsecs');
  assert.equal(sleeper.stop(), undefined);
  await daemon.waitState('sleeper', 'STOPPED');
  assert.deepEqual(record.states, ['STOPPED', 'STARTING', 'RUNNING', 'STOPPING', 'STOPPED']);
  assert.equal(isAlive(pid), false);
  assert.equal(sleeper.exitstatus, -1);
  assert.match(readFileSync(daemon.log.path!, 'utf8'), /WARN stopped: sleeper \(terminated by SIGTERM\)/);
});

test('a crash loop backs off 1 s, 2 s and reaches FATAL after startretries+1 spawns', async () => {
  const daemon = run('crash', processConfig('crash', 'sh -c "exit 3"', { startretries: 2 }));
  const crash = daemon.process('crash');
  const spawns: number[] = [];
  crash.onChange((p) => p.state === 'STARTING' && spawns.push(Date.now()));
  spawns.push(Date.now());
  await daemon.waitState('crash', 'FATAL', 20000);
  assert.equal(spawns.length, 3);
  const gaps = [spawns[1]! - spawns[0]!, spawns[2]! - spawns[1]!];
  assert.ok(gaps[0]! >= 950 && gaps[0]! < 2500, `first backoff ${gaps[0]} ms`);
  assert.ok(gaps[1]! >= 1950 && gaps[1]! < 3500, `second backoff ${gaps[1]} ms`);
  assert.equal(crash.spawnerr, 'Exited too quickly (process log may have details)');
  assert.match(readFileSync(daemon.log.path!, 'utf8'), /INFO gave up: crash entered FATAL state, too many start retries too quickly/);
});

test('autorestart=unexpected restarts on a code outside exitcodes only; autorestart=false never', async () => {
  const daemon = run(
    'autorestart',
    processConfig('expected', 'sh -c "sleep 1.3; exit 2"', { exitcodes: [0, 2], autorestart: 'unexpected' }),
    processConfig('unexpected', 'sh -c "sleep 1.3; exit 3"', { exitcodes: [0, 2], autorestart: 'unexpected' }),
    processConfig('never', 'sh -c "sleep 1.3; exit 3"', { autorestart: 'false' }),
  );
  const unexpectedStarts: number[] = [];
  daemon.process('unexpected').onChange((p) => p.state === 'STARTING' && unexpectedStarts.push(Date.now()));
  await daemon.waitState('expected', 'EXITED');
  await daemon.waitState('never', 'EXITED');
  await waitFor('unexpected restarted', () => unexpectedStarts.length >= 1);
  await sleep(300);
  assert.equal(daemon.process('expected').state, 'EXITED');
  assert.equal(daemon.process('expected').exitstatus, 2);
  assert.equal(daemon.process('never').state, 'EXITED');
  assert.equal(daemon.process('never').spawnerr, 'Bad exit code 3');
  const log = readFileSync(daemon.log.path!, 'utf8');
  assert.match(log, /INFO exited: expected \(exit status 2; expected\)/);
  assert.match(log, /WARN exited: unexpected \(exit status 3; not expected\)/);
});

test('a child ignoring SIGTERM is killed with SIGKILL after stopwaitsecs', async () => {
  const daemon = run('kill', processConfig('stubborn', `sh -c "trap '' TERM; exec sleep 60"`, { stopwaitsecs: 1, startsecs: 0 }));
  const stubborn = await daemon.waitState('stubborn', 'RUNNING');
  await sleep(200);
  const pid = stubborn.pid;
  const asked = Date.now();
  stubborn.stop();
  await daemon.waitState('stubborn', 'STOPPED');
  const took = Date.now() - asked;
  assert.ok(took >= 950 && took < 4000, `stop took ${took} ms`);
  assert.equal(isAlive(pid), false);
  const log = readFileSync(daemon.log.path!, 'utf8');
  assert.match(log, new RegExp(`WARN killing 'stubborn' \\(${pid}\\) with SIGKILL`));
  assert.match(log, /stopped: stubborn \(terminated by SIGKILL\)/);
});

test('stopasgroup kills a grandchild; without it the grandchild is orphaned (as Supervisor #1101)', async () => {
  const dir = dirFor('group-kill');
  const script = (file: string) => `sh -c "sleep 60 & echo $! > ${file}; wait"`;
  const daemon = startInProcess(
    configModel(dir, [
      processConfig('grouped', script(path.join(dir, 'g.pid')), { stopasgroup: true, killasgroup: true, startsecs: 0 }),
      processConfig('single', script(path.join(dir, 's.pid')), { startsecs: 0 }),
    ]),
  );
  daemons.push(daemon);
  const grandchild = async (file: string) => Number(await waitFor(file, () => existsSync(file) && readFileSync(file, 'utf8').trim()));
  const grouped = await grandchild(path.join(dir, 'g.pid'));
  const single = await grandchild(path.join(dir, 's.pid'));
  strays.track(single);
  assert.ok(isAlive(grouped) && isAlive(single));
  daemon.process('grouped').stop();
  daemon.process('single').stop();
  await daemon.waitState('grouped', 'STOPPED');
  await daemon.waitState('single', 'STOPPED');
  await waitFor('grandchild of the stopasgroup program gone', () => !isAlive(grouped));
  assert.equal(isAlive(single), true, 'without stopasgroup the grandchild survives');
});

test('priority: lower starts first; shutdown stops groups in reverse priority, one group at a time', async () => {
  const daemon = run(
    'priority',
    processConfig('late', 'sleep 60', { priority: 300, startsecs: 0 }),
    processConfig('early', 'sleep 60', { priority: 100, startsecs: 0 }),
    processConfig('middle', `sh -c "trap 'sleep 0.5; exit 0' TERM; sleep 60 & wait"`, { priority: 200, startsecs: 0 }),
  );
  for (const name of ['early', 'middle', 'late']) await daemon.waitState(name, 'RUNNING');
  const starts = ['early', 'middle', 'late'].map((name) => daemon.process(name).laststart);
  assert.ok(starts[0]! <= starts[1]! && starts[1]! <= starts[2]!, `start order ${starts.join(' ')}`);
  const stopped: string[] = [];
  for (const name of ['early', 'middle', 'late']) daemon.process(name).onChange((p) => p.state === 'STOPPED' && stopped.push(p.name));
  await daemon.supervisor.requestStop('SHUTDOWN');
  assert.deepEqual(stopped, ['late', 'middle', 'early']);
  const stops = ['late', 'middle', 'early'].map((name) => daemon.process(name).laststop);
  assert.ok(stops[2]! - stops[1]! >= 0 && stops[1]! - stops[0]! >= 0.4, 'early waited for middle to die');
});

test('a missing command goes BACKOFF then FATAL with Supervisor\'s spawnerr, logged as spawnerr', async () => {
  const daemon = run('enoent', processConfig('ghost', 'no-such-command-svw --x', { startretries: 1 }));
  const ghost = await daemon.waitState('ghost', 'FATAL', 10000);
  assert.equal(ghost.spawnerr, "can't find command 'no-such-command-svw'");
  assert.match(readFileSync(daemon.log.path!, 'utf8'), /INFO spawnerr: can't find command 'no-such-command-svw'/);
});

test('a log file that cannot be opened is a dispatcher spawn error (EISDIR), never a daemon crash', async () => {
  const dir = dirFor('eisdir');
  const daemon = startInProcess(configModel(dir, [processConfig('badlog', 'sleep 60', { stdout_logfile: dir, startretries: 0 })]));
  daemons.push(daemon);
  const badlog = await daemon.waitState('badlog', 'FATAL');
  assert.equal(badlog.spawnerr, "unknown error making dispatchers for 'badlog': EISDIR");
});

test('a bad directory makes the child report it on stderr and exit 127, as Supervisor\'s child does', async () => {
  const dir = dirFor('chdir');
  const stderr = path.join(dir, 'err.log');
  const daemon = startInProcess(configModel(dir, [processConfig('nodir', 'sleep 60', { directory: '/nonexistent-svw', stderr_logfile: stderr, startretries: 0 })]));
  daemons.push(daemon);
  await daemon.waitState('nodir', 'FATAL');
  assert.equal(readFileSync(stderr, 'utf8'), 'supervisor: couldn\'t chdir to /nonexistent-svw: ENOENT\nsupervisor: child process was not spawned\n');
});

test('restart pacing: a program crashing right after RUNNING is paced, never slower than once a second', async () => {
  const daemon = run('pacing', processConfig('flap', 'false', { startsecs: 0, autorestart: 'true' }));
  let spawns = 0;
  daemon.process('flap').onChange((p) => p.state === 'STARTING' && spawns++);
  await sleep(3500);
  // Without pacing this is hundreds of spawns; paced, 0+100+200+400+800+1000+1000 ms fit about 7
  // in 3.5 s — and at least 3 even on a loaded machine (the interval never exceeds 1 s).
  assert.ok(spawns >= 3 && spawns <= 12, `${spawns} spawns in 3.5 s`);
  assert.match(readFileSync(daemon.log.path!, 'utf8'), /restarting flap after a paced delay \(\d+ crashes in a row\)/);
  assert.ok(daemon.process('flap').crashStreak >= 3, `streak ${daemon.process('flap').crashStreak}`);
  // A stop during the paced wait (or a run) really stops it: no restart afterwards.
  await createSupervisorNamespace(daemon.supervisor).stopProcess('flap', true);
  await waitFor('flap stopped', () => daemon.process('flap').state === 'STOPPED');
  const after = spawns;
  await sleep(1500);
  assert.equal(spawns, after);
  assert.equal(daemon.process('flap').state, 'STOPPED');
});

test('restart pacing: an expected exit (a worker that finished its job) restarts at once, every time', async () => {
  const daemon = run('completions', processConfig('worker', 'true', { startsecs: 0, autorestart: 'true' }));
  let spawns = 0;
  daemon.process('worker').onChange((p) => p.state === 'STARTING' && spawns++);
  await sleep(2500);
  // Paced, this would be ~6 as above; completions are never paced, so only the fork cost bounds it.
  assert.ok(spawns >= 25, `${spawns} restarts in 2.5 s`);
  assert.equal(daemon.process('worker').crashStreak, 0);
  assert.doesNotMatch(readFileSync(daemon.log.path!, 'utf8'), /paced delay/);
  await createSupervisorNamespace(daemon.supervisor).stopProcess('worker', true);
});
