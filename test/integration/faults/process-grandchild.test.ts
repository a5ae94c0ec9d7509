/**
 * A program that forks a grandchild and exits while the grandchild keeps its stdout open: the
 * program is EXITED at once (the open pipe does not hold it RUNNING), what it and the grandchild
 * wrote before the exit is logged, start and stop work on new runs without waiting for the old
 * grandchild, stopasgroup reaches the grandchild of the current run only, and SIGTERM ends the
 * daemon with status 0 while grandchildren still hold pipes. Behaviour in docs/daemon.md.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ProcessInfo } from '../../../src/protocol/types.js';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import { rpcCall } from '../../helpers/daemon-rpc.js';
import { startSvwizd, type RunningSvwizd } from '../../helpers/svwizd-daemon.js';
import { StrayProcesses } from '../../helpers/daemon-strays.js';
import { isAlive } from '../../helpers/processes.js';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';

const root = makeTempDir('svw-gc');
const daemons: RunningSvwizd[] = [];
const strays = new StrayProcesses();
after(async () => {
  for (const daemon of daemons) await daemon.stop();
  strays.killAll();
  removeTempDir(root);
});

/** A sleep whose command line no other process has, so pgrep finds exactly the grandchildren. */
const marker = `${600 + (process.pid % 300)}.${Date.now() % 1000}`;

function grandchildren(): number[] {
  const found = spawnSync('pgrep', ['-f', `^sleep ${marker}$`], { encoding: 'utf8' }).stdout.trim();
  const pids = found ? found.split('\n').map(Number).filter(isAlive) : [];
  for (const pid of pids) strays.track(pid);
  return pids;
}

// The run number lets the log show which run wrote what; the parent waits until its grandchild has written.
const PROGRAM = (extra: string) => `[program:w]
command=sh -c "(echo grandchild of $$; exec sleep ${marker}) & sleep 0.5; echo parent $$ exits; exit 0"
stdout_logfile=%(here)s/w.log
startsecs=0
autorestart=false
${extra}
[program:s]
command=sh -c "(echo grandchild of $$; exec sleep ${marker}) & exec sleep ${Number(marker) + 1}"
stdout_logfile=%(here)s/s.log
startsecs=0
stopasgroup=true
`;

test('a program whose grandchild keeps the pipe open: EXITED at once, restart and stop sane, daemon exits 0', async () => {
  const dir = path.join(root, 'a');
  mkdirSync(dir);
  const socket = `${dir}/s.sock`;
  const daemon = await startSvwizd(dir, daemonConfigText(dir, PROGRAM('')));
  daemons.push(daemon);
  const info = async (name: string) => (await rpcCall(`unix://${socket}`, 'supervisor.getProcessInfo', name)) as unknown as ProcessInfo;

  const first = await waitFor('w EXITED although its grandchild holds the pipe', async () => ((await info('w')).statename === 'EXITED' ? info('w') : undefined), { timeoutMs: 30000 });
  assert.equal(first.exitstatus, 0);
  assert.equal(first.pid, 0);
  const firstPid = Number(/parent (\d+) exits/.exec(readFileSync(`${dir}/w.log`, 'utf8'))?.[1]);
  assert.match(readFileSync(`${dir}/w.log`, 'utf8'), new RegExp(`grandchild of ${firstPid}\\nparent ${firstPid} exits\\n`));
  const [orphan] = await waitFor('the first grandchild (and the one of s)', () => (grandchildren().length === 2 ? grandchildren() : undefined));
  assert.ok(orphan);

  // start again: a new run, not held up by the old grandchild
  await rpcCall(`unix://${socket}`, 'supervisor.startProcess', 'w', true);
  const second = await info('w');
  assert.equal(second.statename, 'RUNNING');
  assert.notEqual(second.pid, firstPid);
  // stop during the run: STOPPED, the new grandchild (another session) is left alone as by Supervisor (#1101)
  assert.equal(await rpcCall(`unix://${socket}`, 'supervisor.stopProcess', 'w', true), true);
  assert.equal((await info('w')).statename, 'STOPPED');
  assert.ok(isAlive(orphan!), 'the first grandchild is not killed by stopping a later run');

  // stopasgroup reaches the grandchild of the run it stops
  const sInfo = await info('s');
  assert.equal(sInfo.statename, 'RUNNING');
  const sGrandchild = Number(spawnSync('pgrep', ['-g', String(sInfo.pid), '-f', `^sleep ${marker}$`], { encoding: 'utf8' }).stdout.trim());
  assert.ok(sGrandchild > 0, 'the grandchild of s is in its process group');
  assert.equal(await rpcCall(`unix://${socket}`, 'supervisor.stopProcess', 's', true), true);
  await waitFor('the grandchild of s gone', () => !isAlive(sGrandchild), { timeoutMs: 20000 });

  assert.deepEqual(await rpcCall(`unix://${socket}`, 'supervisor.getState'), { statecode: 1, statename: 'RUNNING' });
  assert.ok(grandchildren().length >= 1, 'the orphans of w still run (they hold the old pipes)');
  const started = Date.now();
  assert.equal(await daemon.stop(), 0);
  assert.ok(Date.now() - started < 20000, 'shutdown does not wait for the pipes of orphans');
  const mainLog = readFileSync(`${dir}/main.log`, 'utf8');
  assert.match(mainLog, /INFO exited: w \(exit status 0; expected\)/);
  assert.doesNotMatch(mainLog, /CRIT uncaught|ERRO/);
});

test('what a grandchild writes long after its parent exited is still logged, and the grandchild lives on', async () => {
  const dir = path.join(root, 'late');
  mkdirSync(dir);
  const socket = `${dir}/s.sock`;
  // The grandchild writes 2 s after the parent's exit (svwizd once cut the pipes after 1 s, and the
  // grandchild's next write was killed by SIGPIPE), then sleeps on.
  const late = `[program:late]
command=sh -c "(sleep 2; echo late line from the grandchild; exec sleep ${marker}) & echo parent exits"
stdout_logfile=%(here)s/late.log
startsecs=0
autorestart=false
`;
  const daemon = await startSvwizd(dir, daemonConfigText(dir, late));
  daemons.push(daemon);
  await waitFor('late line logged', () => /late line from the grandchild\n/.test(readFileSync(`${dir}/late.log`, 'utf8')), { timeoutMs: 20000 });
  assert.equal(readFileSync(`${dir}/late.log`, 'utf8'), 'parent exits\nlate line from the grandchild\n');
  const [grandchild] = await waitFor('the grandchild sleeps on', () => grandchildren().at(0) !== undefined ? grandchildren() : undefined);
  assert.ok(isAlive(grandchild!), 'not killed by SIGPIPE');
  assert.equal(await daemon.stop(), 0);
});
