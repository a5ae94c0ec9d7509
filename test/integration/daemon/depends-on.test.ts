/**
 * depends_on with the real svwizd bin (issue 17): a dependent spawns only after its dependency
 * is RUNNING (against priority), stops before it (shutdown and stop all), `start` of a dependent
 * brings its dependency up, a FATAL or slow dependency ends the dependent in FATAL naming it, and
 * a cycle is refused at start and on reread with the running config kept.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import { rpcCall } from '../../helpers/daemon-rpc.js';
import { startSvwizd, SVWIZD_BIN, type RunningSvwizd } from '../../helpers/svwizd-daemon.js';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';

const dirs: string[] = [];
const daemons: RunningSvwizd[] = [];
after(async () => {
  for (const daemon of daemons) await daemon.stop();
  for (const dir of dirs) removeTempDir(dir);
});

async function daemonWith(programs: string) {
  const dir = makeTempDir('svw-dep');
  dirs.push(dir);
  const daemon = await startSvwizd(dir, daemonConfigText(dir, programs));
  daemons.push(daemon);
  return { dir, daemon, url: `unix://${dir}/s.sock`, mainLog: () => readFileSync(path.join(dir, 'main.log'), 'utf8') };
}

type Info = { statename: string; pid: number; spawnerr: string; start: number; description: string };
const info = async (url: string, name: string): Promise<Info> => (await rpcCall(url, 'supervisor.getProcessInfo', name)) as unknown as Info;
const running = (url: string, name: string, timeoutMs = 20000) =>
  waitFor(`${name} RUNNING`, async () => {
    const now = await info(url, name);
    return now.statename === 'RUNNING' && now;
  }, { timeoutMs });
/** Index of the first line matching `pattern` after `from` in the main log; -1 when absent. */
const lineIndex = (log: string, pattern: RegExp, from = 0): number => log.split('\n').findIndex((line, i) => i >= from && pattern.test(line));

// `b` takes a second to stop, so a dependency stopped too early shows in the log order.
const ORDERED = `[program:a]
command=/bin/sleep 1000
startsecs=2
priority=999

[program:b]
command=/bin/sh -c "trap 'sleep 1; exit 0' TERM; while :; do sleep 0.1; done"
startsecs=0
priority=1
depends_on=a
`;

describe('depends_on', () => {
  it('spawns b only after a is RUNNING, though b has the lower priority; stop all and shutdown stop b first', async () => {
    const { url, mainLog, daemon } = await daemonWith(ORDERED);
    const b = await running(url, 'b');
    const a = await info(url, 'a');
    assert.equal(a.statename, 'RUNNING');
    // a needs startsecs=2 to be RUNNING; b's spawn is not before that.
    assert.ok(b.start >= a.start + 2, `b started at ${b.start}, a at ${a.start}`);
    let log = mainLog();
    const aRunning = lineIndex(log, /success: a entered RUNNING state/);
    assert.ok(lineIndex(log, /waiting for a:a to be RUNNING before starting b \(depends_on\)/) >= 0, log);
    assert.ok(aRunning >= 0 && lineIndex(log, /spawned: 'b'/) > aRunning, log);

    // stop all: b (the dependent) is gone before a is asked to stop.
    const mark = mainLog().split('\n').length - 1;
    const results = (await rpcCall(url, 'supervisor.stopAllProcesses', true)) as unknown as { name: string; status: number }[];
    assert.deepEqual(results.map((result) => [result.name, result.status]), [['b', 80], ['a', 80]]);
    log = mainLog();
    const bStopped = lineIndex(log, /stopped: b /, mark);
    assert.ok(bStopped >= 0 && lineIndex(log, /stopped: a /, mark) > bStopped, log);

    // start b alone: a is started first, b waits for it.
    const markStart = mainLog().split('\n').length - 1;
    await rpcCall(url, 'supervisor.startProcess', 'b', true);
    assert.equal((await info(url, 'a')).statename, 'RUNNING');
    log = mainLog();
    const aAgain = lineIndex(log, /success: a entered RUNNING state/, markStart);
    assert.ok(aAgain >= 0 && lineIndex(log, /spawned: 'b'/, markStart) > aAgain, log);

    // start all: b is asked first (lower priority) and still spawns only after a is RUNNING.
    await rpcCall(url, 'supervisor.stopAllProcesses', true);
    const markAll = mainLog().split('\n').length - 1;
    const started = (await rpcCall(url, 'supervisor.startAllProcesses', true)) as unknown as { name: string; status: number }[];
    assert.deepEqual(started.map((result) => result.status), [80, 80]);
    log = mainLog();
    const aAll = lineIndex(log, /success: a entered RUNNING state/, markAll);
    assert.ok(aAll >= 0 && lineIndex(log, /spawned: 'b'/, markAll) > aAll, log);

    // shutdown: the same reverse order.
    const markStop = mainLog().split('\n').length - 1;
    assert.equal(await daemon.stop(), 0);
    log = mainLog();
    const bDown = lineIndex(log, /stopped: b /, markStop);
    assert.ok(bDown >= 0 && lineIndex(log, /stopped: a /, markStop) > bDown, log);
  });

  it('a FATAL dependency, and one that is not RUNNING within depends_on_timeout, end the dependent in FATAL naming it', async () => {
    const { url, mainLog } = await daemonWith(`[program:broken]
command=/bin/sh -c "exit 1"
startsecs=1
startretries=0

[program:needs_broken]
command=/bin/sleep 1000
depends_on=broken

[program:slow]
command=/bin/sleep 1000
startsecs=30

[program:needs_slow]
command=/bin/sleep 1000
depends_on=slow
depends_on_timeout=1
`);
    const fatal = async (name: string) =>
      waitFor(`${name} FATAL`, async () => {
        const now = await info(url, name);
        return now.statename === 'FATAL' && now;
      }, { timeoutMs: 20000 });
    assert.equal((await fatal('needs_broken')).spawnerr, 'dependency broken:broken entered FATAL (depends_on)');
    assert.equal((await fatal('needs_slow')).spawnerr, 'dependency slow:slow did not reach RUNNING within 1 s (depends_on_timeout)');
    assert.equal((await info(url, 'slow')).statename, 'STARTING', 'the slow dependency itself goes on starting');
    // While one waits, status says for what.
    await rpcCall(url, 'supervisor.startProcess', 'needs_slow', false);
    const waiting = await info(url, 'needs_slow');
    assert.deepEqual([waiting.statename, waiting.pid, waiting.description], ['STARTING', 0, 'waiting for slow:slow (depends_on)']);
    const log = mainLog();
    assert.match(log, /gave up: needs_slow entered FATAL state, dependency slow:slow did not reach RUNNING within 1 s \(depends_on_timeout\)/);
    assert.doesNotMatch(log, /spawned: 'needs_broken'/);
    assert.doesNotMatch(log, /spawned: 'needs_slow'/);
  });

  it('refuses a cycle at start, naming it with file:line and key', () => {
    const dir = makeTempDir('svw-depc');
    dirs.push(dir);
    const file = path.join(dir, 'svwizd.conf');
    writeFileSync(file, daemonConfigText(dir, '[program:a]\ncommand=/bin/sleep 1000\ndepends_on=b\n\n[program:b]\ncommand=/bin/sleep 1000\ndepends_on=a\n'));
    const run = spawnSync(process.execPath, [SVWIZD_BIN, '-n', '-c', file], { encoding: 'utf8', timeout: 20000 });
    assert.notEqual(run.status, 0);
    assert.match(run.stdout + run.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: \\[program:a\\] depends_on: dependency cycle: a:a → b:b → a:a`));
  });

  it('refuses a cycle on reread and keeps the running config', async () => {
    const { dir, daemon, url } = await daemonWith('[program:a]\ncommand=/bin/sleep 1000\nstartsecs=0\n\n[program:b]\ncommand=/bin/sleep 1000\nstartsecs=0\ndepends_on=a\n');
    const before = await running(url, 'b');
    writeFileSync(
      daemon.configPath,
      daemonConfigText(dir, '[program:a]\ncommand=/bin/sleep 1000\ndepends_on=b\n\n[program:b]\ncommand=/bin/sleep 1000\ndepends_on=a\n'),
    );
    await assert.rejects(rpcCall(url, 'supervisor.reloadConfig'), (error: Error) => /CANT_REREAD|92/.test(error.message) && /dependency cycle: a:a → b:b → a:a/.test(error.message));
    const after = await info(url, 'b');
    assert.equal(after.pid, before.pid, 'b kept running');
    assert.equal((await info(url, 'a')).statename, 'RUNNING');
  });

  it('waits for a dependency with a liveness check to be healthy, not only RUNNING', async () => {
    const { dir, url } = await daemonWith(`[program:db]
command=/bin/sleep 1000
startsecs=0
directory=%(here)s
liveness_check_script=test -f ready
liveness_check_initial_delay=0
liveness_check_period=1
liveness_check_failure_action=/bin/true

[program:app]
command=/bin/sleep 1001
startsecs=0
depends_on=db
`);
    await running(url, 'db');
    // db is RUNNING but its check fails (no file yet): app must still be waiting, without a child.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const waiting = await info(url, 'app');
    assert.equal(waiting.statename, 'STARTING');
    assert.equal(waiting.pid, 0);
    assert.match(waiting.description, /waiting for db:db \(depends_on\)/);
    writeFileSync(path.join(dir, 'ready'), '');
    const app = await running(url, 'app', 10000);
    assert.ok(app.pid > 0);
  });
});
