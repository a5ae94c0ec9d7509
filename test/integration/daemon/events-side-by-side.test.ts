/**
 * Event listeners under Debian's Python supervisord 4.2.5 and under svwizd, same config: the same
 * events reach the same recording listener with the same headers and payloads (pids masked),
 * FAIL redelivers the same way, and a full buffer logs the same discards. Fails when Python
 * supervisord is missing.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { startPythonSupervisord } from '../../helpers/python-supervisord.js';
import { rpcCall } from '../../helpers/daemon-rpc.js';
import { startSvwizd } from '../../helpers/svwizd-daemon.js';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import { eventTestPrograms, payloadFields, readReceived, recordingListener, type ListenerMode, type ReceivedEvent } from '../../helpers/daemon-events.js';
import type { ProcessInfo } from '../../../src/protocol/types.js';

const root = makeTempDir('svw-evs');
const stoppers: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const stop of stoppers) await stop();
  removeTempDir(root);
});

/**
 * Each pool has its own priority: Supervisor re-buffers a rejected event into every pool holding
 * a process of the same priority as the rejecting one (its processes compare equal by priority),
 * a bug svwizd does not copy (see docs/daemon.md, Events).
 */
function config(dir: string): string {
  const rec = (pool: string, events: string, extra: string, mode: ListenerMode = 'ok'): string =>
    recordingListener(dir, pool, events, { extra, mode, target: 'REMOTE_COMMUNICATION' });
  return daemonConfigText(
    dir,
    `${eventTestPrograms(dir)}
${rec('rec', 'PROCESS_STATE,PROCESS_LOG,PROCESS_COMMUNICATION,REMOTE_COMMUNICATION,PROCESS_GROUP,SUPERVISOR_STATE_CHANGE', 'buffer_size=100\npriority=1')}
${rec('flaky', 'REMOTE_COMMUNICATION', 'priority=2', 'fail')}
${rec('stuck', 'REMOTE_COMMUNICATION', 'buffer_size=2\npriority=3', 'hang')}
`,
  );
}

interface Observed {
  /** Events before the first process state change: group and supervisor events, exact. */
  prelude: string[];
  /** Per process: its PROCESS_STATE_* events with pids masked. */
  states: Record<string, string[]>;
  output: string[];
  remote: string[];
  poolSerialsConsecutive: boolean;
  serialsIncreasing: boolean;
  flaky: string[];
  overflow: string[];
  listenerStdout: string;
  talkerErr: string;
  mainLogEventLines: string[];
}

const mask = (text: string): string => text.replace(/pid:\d+/g, 'pid:N');

async function observe(dir: string): Promise<Observed> {
  const url = `unix://${dir}/s.sock`;
  const received = (pool: string): ReceivedEvent[] => readReceived(`${dir}/${pool}.jsonl`);
  await waitFor('job exited and everyone else running', async () => {
    const infos = (await rpcCall(url, 'supervisor.getAllProcessInfo')) as unknown as ProcessInfo[];
    const state = (name: string): string | undefined => infos.find((p) => p.name === name)?.statename;
    return state('job') === 'EXITED' && ['talker', 'rec', 'flaky', 'stuck'].every((name) => state(name) === 'RUNNING') &&
      received('rec').some((e) => e.headers.eventname === 'PROCESS_STATE_EXITED') &&
      received('rec').some((e) => e.headers.eventname === 'PROCESS_COMMUNICATION_STDERR');
  }, { timeoutMs: 30000, intervalMs: 200 });
  await rpcCall(url, 'supervisor.sendRemoteCommEvent', 'greeting', 'héllo\nworld');
  await waitFor('first remote event everywhere', () => received('flaky').length === 2 && received('stuck').length === 1 && received('rec').some((e) => e.headers.eventname === 'REMOTE_COMMUNICATION'), { timeoutMs: 15000 });
  for (const word of ['second', 'third', 'fourth', 'fifth']) await rpcCall(url, 'supervisor.sendRemoteCommEvent', 'n', word);
  await waitFor('all remote events', () => received('flaky').length === 6 && received('rec').filter((e) => e.headers.eventname === 'REMOTE_COMMUNICATION').length === 5, { timeoutMs: 15000 });

  const events = received('rec');
  // The listener's answers reach its stdout log a moment after it recorded the event.
  const listenerStdout = await waitFor('listener answers logged', () => {
    const text = readFileSync(path.join(dir, 'rec.out'), 'utf8');
    return text.split('RESULT 2\nOK').length - 1 === events.length && text.endsWith('READY\n') ? text : undefined;
  });
  const firstState = events.findIndex((e) => e.headers.eventname.startsWith('PROCESS_STATE_'));
  const states: Record<string, string[]> = {};
  for (const e of events.filter((x) => x.headers.eventname.startsWith('PROCESS_STATE_'))) {
    (states[payloadFields(e.payload).processname!] ??= []).push(`${e.headers.eventname} ${mask(e.payload)}`);
  }
  const serialOf = (word: string): string => events.find((e) => e.payload === `type:n\n${word}`)!.headers.serial!;
  const log = readFileSync(path.join(dir, 'main.log'), 'utf8');
  return {
    prelude: events.slice(0, firstState).map((e) => `${e.headers.eventname} ${JSON.stringify(e.payload)}`),
    states,
    output: events.filter((e) => /^PROCESS_(LOG|COMMUNICATION)_/.test(e.headers.eventname)).map((e) => `${e.headers.eventname} ${mask(e.payload)}`),
    remote: events.filter((e) => e.headers.eventname === 'REMOTE_COMMUNICATION').map((e) => `len:${e.headers.len} ${JSON.stringify(e.payload)}`),
    poolSerialsConsecutive: events.every((e, i) => e.headers.poolserial === String(i)),
    serialsIncreasing: events.every((e, i) => i === 0 || Number(e.headers.serial) > Number(events[i - 1]!.headers.serial)),
    flaky: received('flaky').map((e) => `${e.headers.poolserial} ${JSON.stringify(e.payload)}`),
    overflow: [...log.matchAll(/ERRO (pool stuck event buffer overflowed, discarding event )(\d+)\n/g)].map((m) => `${m[1]}${m[2] === serialOf('second') ? 'second' : m[2] === serialOf('third') ? 'third' : m[2]}`),
    listenerStdout,
    talkerErr: readFileSync(path.join(dir, 'talker.err'), 'utf8'),
    mainLogEventLines: log
      .split('\n')
      .map((line) => line.slice(24))
      .filter((line) => /rejected|bad result|UNKNOWN state|overflowed/.test(line))
      .map((line) => line.replace(/event \d+/, 'event N')),
  };
}

test('the same events, payloads, redeliveries and discards as Python supervisord', async () => {
  const pyDir = path.join(root, 'py');
  const tsDir = path.join(root, 'ts');
  for (const dir of [pyDir, tsDir]) mkdirSync(dir);
  const python = await startPythonSupervisord(pyDir, config(pyDir), `${pyDir}/s.sock`);
  stoppers.push(python.stop);
  const ours = await startSvwizd(tsDir, config(tsDir));
  stoppers.push(ours.stop);
  const [expected, actual] = await Promise.all([observe(pyDir), observe(tsDir)]);
  // The reference really produced what we compare against.
  assert.deepEqual(expected.states.job, [
    'PROCESS_STATE_STARTING processname:job groupname:job from_state:STOPPED tries:0',
    'PROCESS_STATE_RUNNING processname:job groupname:job from_state:STARTING pid:N',
    'PROCESS_STATE_EXITED processname:job groupname:job from_state:RUNNING expected:0 pid:N',
  ]);
  assert.equal(expected.overflow.length, 2);
  assert.equal(expected.flaky.length, 6);
  assert.deepEqual(actual.prelude, expected.prelude);
  assert.deepEqual(actual.states, expected.states);
  assert.deepEqual(actual.output, expected.output);
  assert.deepEqual(actual.remote, expected.remote);
  assert.equal(actual.poolSerialsConsecutive, true);
  assert.equal(expected.poolSerialsConsecutive, true);
  assert.equal(actual.serialsIncreasing, true);
  assert.deepEqual(actual.flaky, expected.flaky);
  assert.deepEqual(actual.overflow, expected.overflow);
  assert.equal(actual.listenerStdout, expected.listenerStdout);
  assert.equal(actual.talkerErr, expected.talkerErr);
  assert.deepEqual(actual.mainLogEventLines, expected.mainLogEventLines);
});
