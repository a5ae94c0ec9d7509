/**
 * supervisor.* semantics on a real in-process supervisor: faults and their strings, wait=true
 * as Promises that do not block other calls, `g:*` forms, result structs, log reads, reread
 * with add/remove of groups, and shutdown state.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { configModel, processConfig, startInProcess, type InProcessDaemon } from '../../helpers/daemon-config.js';
import { createSupervisorNamespace } from '../../../src/daemon/rpc-namespace.js';
import { RpcFault } from '../../../src/protocol/faults.js';
import type { SupervisorNamespace } from '../../../src/protocol/types.js';

const root = makeTempDir('svw-rpc');
const daemons: InProcessDaemon[] = [];
after(async () => {
  for (const daemon of daemons) await daemon.stop();
  removeTempDir(root);
});

async function faultOf(call: () => unknown): Promise<string> {
  try {
    await call();
  } catch (error) {
    if (error instanceof RpcFault) return error.faultString;
    throw error;
  }
  throw new Error('expected a fault');
}

function setup(name: string, processes: ReturnType<typeof processConfig>[], reread?: () => ReturnType<typeof configModel>) {
  const dir = path.join(root, name);
  mkdirSync(dir);
  const model = configModel(dir, processes);
  const daemon = startInProcess(model, reread ?? (() => model));
  daemons.push(daemon);
  return { dir, daemon, ns: createSupervisorNamespace(daemon.supervisor) };
}

test('identity methods and getAllProcessInfo in lexical order', async () => {
  const { ns } = setup('identity', [
    processConfig('b', 'sleep 60', { autostart: false }),
    processConfig('a_1', 'sleep 60', { group: 'a', autostart: false }),
    processConfig('a_0', 'sleep 60', { group: 'a', autostart: false }),
  ]);
  assert.equal(ns.getVersion(), '3.0');
  assert.equal(ns.getAPIVersion(), '3.0');
  assert.equal(ns.getSupervisorVersion(), '4.2.5');
  assert.equal(ns.getIdentification(), 'supervisor');
  assert.deepEqual(ns.getState(), { statecode: 1, statename: 'RUNNING' });
  assert.equal(ns.getPID(), process.pid);
  assert.deepEqual(ns.getAllProcessInfo().map((info) => `${info.group}:${info.name}`), ['a:a_0', 'a:a_1', 'b:b']);
  assert.equal(ns.getProcessInfo('a:a_0').description, 'Not started');
  assert.equal(await faultOf(() => ns.getProcessInfo('a')), 'BAD_NAME: a');
  assert.equal(await faultOf(() => ns.getProcessInfo('a:*')), 'BAD_NAME: a:*');
});

test('startProcess wait=true resolves at RUNNING without blocking other calls; faults as Supervisor', async () => {
  const { ns } = setup('start', [
    processConfig('slow', 'sleep 60', { autostart: false, startsecs: 1 }),
    processConfig('ghost', 'no-such-cmd-svw', { autostart: false }),
    processConfig('dies', 'sh -c "exit 1"', { autostart: false, startsecs: 2 }),
  ]);
  const started = Date.now();
  const pending = ns.startProcess('slow', true);
  assert.equal(ns.getProcessInfo('slow').statename, 'STARTING', 'other calls answer while start waits');
  assert.equal(await pending, true);
  assert.ok(Date.now() - started >= 950);
  assert.equal(ns.getProcessInfo('slow').statename, 'RUNNING');
  assert.match(ns.getProcessInfo('slow').description, /^pid \d+, uptime 0:00:0\d$/);
  assert.equal(await faultOf(() => ns.startProcess('slow')), 'ALREADY_STARTED: slow');
  assert.equal(await faultOf(() => ns.startProcess('ghost')), "NO_FILE: can't find command 'no-such-cmd-svw'");
  assert.equal(await faultOf(() => ns.startProcess('nope')), 'BAD_NAME: nope');
  assert.equal(await faultOf(() => ns.startProcess('dies', true)), 'SPAWN_ERROR: dies');
  assert.equal(await faultOf(() => ns.stopProcess('ghost')), 'NOT_RUNNING: ghost');
  assert.equal(await ns.stopProcess('slow', true), true);
  assert.equal(ns.getProcessInfo('slow').statename, 'STOPPED');
  assert.match(ns.getProcessInfo('slow').description, /^[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M$/);
  await ns.stopProcess('dies', true).catch(() => undefined);
});

test('group forms g:* and g: return result structs; signals validate names', async () => {
  const { ns, daemon } = setup('groups', [
    processConfig('w_0', 'sleep 60', { group: 'w', autostart: false, startsecs: 0, autorestart: 'false' }),
    processConfig('w_1', 'sleep 60', { group: 'w', autostart: false, startsecs: 0, autorestart: 'false' }),
  ]);
  const results = (await ns.startProcess('w:*', true)) as { name: string; status: number; description: string }[];
  assert.deepEqual(results.map((r) => [r.name, r.status, r.description]).sort(), [['w_0', 80, 'OK'], ['w_1', 80, 'OK']]);
  assert.deepEqual(await ns.startProcessGroup('w'), [], 'running processes get no entry');
  assert.equal(await faultOf(() => ns.startProcessGroup('nope')), 'BAD_NAME: nope');
  assert.equal(await faultOf(() => ns.signalProcess('w:w_0', 'NOSUCH')), 'BAD_SIGNAL: NOSUCH');
  assert.equal(ns.signalProcess('w:w_0', 'usr2'), true);
  await waitFor('w_0 died of SIGUSR2', () => daemon.process('w_0', 'w').state === 'EXITED');
  const signalled = ns.signalProcessGroup('w', '15');
  assert.deepEqual(signalled.map((r) => r.name), ['w_1']);
  await waitFor('w_1 gone', () => daemon.process('w_1', 'w').state !== 'RUNNING');
  const stopped = (await ns.stopProcess('w:', true)) as unknown[];
  assert.ok(Array.isArray(stopped));
});

test('log reads: read/tail semantics, NO_FILE for NONE, BAD_ARGUMENTS', async () => {
  const { ns, dir, daemon } = setup('logs', [
    processConfig('talk', 'sh -c "printf 0123456789; sleep 60"', { stdout_logfile: 'AUTO', startsecs: 0 }),
    processConfig('quiet', 'sleep 60', { autostart: false }),
  ]);
  await waitFor('output captured', () => ns.readProcessStdoutLog('talk', 0, 0) === '0123456789');
  assert.ok(ns.getProcessInfo('talk').stdout_logfile.startsWith(path.join(dir, 'talk-stdout---supervisor-')));
  assert.equal(ns.readProcessLog('talk', -4, 0), '6789');
  assert.equal(ns.readProcessStdoutLog('talk', 2, 3), '234');
  assert.deepEqual(ns.tailProcessStdoutLog('talk', 0, 4), ['6789', 10, true]);
  assert.deepEqual(ns.tailProcessLog('talk', 10, 100), ['', 10, false]);
  assert.equal(await faultOf(() => ns.readProcessStdoutLog('talk', 0, -1)), 'BAD_ARGUMENTS');
  assert.equal(await faultOf(() => ns.readProcessStderrLog('quiet', 0, 0)), 'NO_FILE');
  assert.deepEqual(ns.tailProcessStderrLog('quiet', 0, 10), ['', 0, false]);
  assert.equal(ns.clearProcessLogs('talk'), true);
  assert.equal(ns.readProcessStdoutLog('talk', 0, 0), '');
  assert.equal(await faultOf(() => ns.clearProcessLogs('talk:*')), 'BAD_NAME: talk:*');
  assert.equal(ns.clearAllProcessLogs().length, 2);
  assert.match(ns.readLog(0, 0), /spawned: 'talk' with pid/);
  assert.equal(ns.sendProcessStdin('talk', 'hello\n'), true);
  assert.equal(await faultOf(() => ns.sendProcessStdin('quiet', 'x')), 'NOT_RUNNING: quiet');
  void daemon;
});

test('reloadConfig diffs, addProcessGroup starts autostart programs, removeProcessGroup needs them stopped', async () => {
  const dir = path.join(root, 'reread');
  mkdirSync(dir);
  let next = configModel(dir, [processConfig('keep', 'sleep 60'), processConfig('gone', 'sleep 60', { autostart: false })]);
  const daemon = startInProcess(next, () => next);
  daemons.push(daemon);
  const ns: SupervisorNamespace = createSupervisorNamespace(daemon.supervisor);
  next = configModel(dir, [processConfig('keep', 'sleep 61'), processConfig('fresh', 'sleep 60', { startsecs: 0 })]);
  assert.deepEqual(ns.reloadConfig(), [[['fresh'], ['keep'], ['gone']]]);
  assert.equal(ns.getAllConfigInfo().find((info) => info.name === 'fresh')!.inuse, false);
  assert.equal(ns.addProcessGroup('fresh'), true);
  assert.equal(await faultOf(() => ns.addProcessGroup('fresh')), 'ALREADY_ADDED: fresh');
  assert.equal(await faultOf(() => ns.addProcessGroup('never')), 'BAD_NAME: never');
  await waitFor('fresh runs', () => ns.getProcessInfo('fresh').statename === 'RUNNING');
  assert.equal(await faultOf(() => ns.removeProcessGroup('fresh')), 'STILL_RUNNING: fresh');
  assert.equal(ns.removeProcessGroup('gone'), true);
  assert.equal(await faultOf(() => ns.removeProcessGroup('gone')), 'BAD_NAME: gone');
  await ns.stopProcess('fresh');
  assert.equal(ns.removeProcessGroup('fresh'), true);
  assert.deepEqual(ns.reloadConfig(), [[['fresh'], ['keep'], []]]);
});

test('after shutdown every supervisor.* call answers SHUTDOWN_STATE', async () => {
  const { ns, daemon } = setup('shutdown', [processConfig('s', 'sleep 60', { startsecs: 0 })]);
  await daemon.waitState('s', 'RUNNING');
  assert.equal(ns.shutdown(), true);
  assert.equal(await faultOf(() => ns.getAllProcessInfo()), 'SHUTDOWN_STATE');
  await daemon.supervisor.whenStopped();
  assert.equal(daemon.process('s').state, 'STOPPED');
});
