/**
 * svwizd's event listeners with real processes: a Python listener speaking the protocol over its
 * stdin/stdout receives process state changes, ticks, remote communication, log and capture
 * events with Supervisor's headers and payloads; FAIL, a garbled answer and a listener dying BUSY
 * get the event redelivered; a full buffer discards the oldest with Supervisor's log line.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { rpcCall } from '../../helpers/daemon-rpc.js';
import { startSvwizd, type RunningSvwizd } from '../../helpers/svwizd-daemon.js';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import { eventTestPrograms, payloadFields, readReceived, recordingListener, type ListenerMode, type ReceivedEvent } from '../../helpers/daemon-events.js';
import type { ProcessInfo } from '../../../src/protocol/types.js';

const dir = makeTempDir('svw-ev');
const url = `unix://${dir}/s.sock`;
const record = (pool: string): string => path.join(dir, `${pool}.jsonl`);
const received = (pool: string): ReceivedEvent[] => readReceived(record(pool));
const mainLog = (): string => readFileSync(path.join(dir, 'main.log'), 'utf8');
let daemon: RunningSvwizd;
const startedAt = Date.now() / 1000;

function listener(pool: string, events: string, extra = '', mode: ListenerMode = 'ok', target = '-'): string {
  return recordingListener(dir, pool, events, { extra, mode, target });
}

before(async () => {
  const programs = `${eventTestPrograms(dir)}
[program:slowstop]
command=sh -c "trap 'sleep 1; exit 0' TERM; while :; do sleep 0.1; done"
stopwaitsecs=5

${listener('states', 'PROCESS_STATE', 'buffer_size=100')}
${listener('everything', 'EVENT', 'buffer_size=100')}
${listener('ticks', 'TICK_5')}
${listener('logs', 'PROCESS_LOG,PROCESS_COMMUNICATION')}
${listener('remote', 'REMOTE_COMMUNICATION')}
${listener('flaky', 'REMOTE_COMMUNICATION', '', 'fail', 'REMOTE_COMMUNICATION')}
${listener('crashy', 'REMOTE_COMMUNICATION', 'autorestart=true', 'die', 'REMOTE_COMMUNICATION')}
${listener('garbled', 'REMOTE_COMMUNICATION', '', 'garble', 'REMOTE_COMMUNICATION')}
${listener('stuck', 'REMOTE_COMMUNICATION', 'buffer_size=2', 'hang', 'REMOTE_COMMUNICATION')}
${listener('oneshot', 'REMOTE_COMMUNICATION', 'autorestart=true', 'once')}
`;
  daemon = await startSvwizd(dir, daemonConfigText(dir, programs));
  await waitFor('listeners running', async () => {
    const infos = (await rpcCall(url, 'supervisor.getAllProcessInfo')) as unknown as ProcessInfo[];
    return infos.filter((p) => p.statename === 'RUNNING').length >= 12;
  }, { timeoutMs: 20000, intervalMs: 100 });
});

after(async () => {
  await daemon?.stop();
  removeTempDir(dir);
});

test('a program starting and exiting reaches a PROCESS_STATE listener with Supervisor headers and payloads', async () => {
  const events = await waitFor('job EXITED event', () => {
    const all = received('states');
    return all.some((e) => e.headers.eventname === 'PROCESS_STATE_EXITED' && e.payload.includes('processname:job')) ? all : undefined;
  }, { timeoutMs: 15000 });
  const job = events.filter((e) => payloadFields(e.payload).processname === 'job');
  assert.deepEqual(job.map((e) => e.headers.eventname), ['PROCESS_STATE_STARTING', 'PROCESS_STATE_RUNNING', 'PROCESS_STATE_EXITED']);
  const [starting, running, exited] = job.map((e) => e.payload);
  assert.equal(starting, 'processname:job groupname:job from_state:STOPPED tries:0');
  const pid = payloadFields(running!).pid!;
  assert.match(pid, /^[1-9]\d*$/);
  assert.equal(running, `processname:job groupname:job from_state:STARTING pid:${pid}`);
  assert.equal(exited, `processname:job groupname:job from_state:RUNNING expected:0 pid:${pid}`);
  // The pool only gets PROCESS_STATE_*; the listener sees its own start too.
  assert.ok(events.every((e) => e.headers.eventname!.startsWith('PROCESS_STATE_')));
  assert.ok(events.some((e) => e.payload === 'processname:states groupname:states from_state:STOPPED tries:0'));
  for (const [i, e] of events.entries()) {
    assert.equal(e.headers.ver, '3.0');
    assert.equal(e.headers.server, 'supervisor');
    assert.equal(e.headers.pool, 'states');
    assert.equal(e.headers.poolserial, String(i));
    assert.equal(Number(e.headers.len), e.payload.length);
    if (i > 0) assert.ok(Number(e.headers.serial) > Number(events[i - 1]!.headers.serial));
  }
});

test('a pool subscribed to EVENT gets group, supervisor and process events, in order, before any spawn', async () => {
  const events = await waitFor('everything got job RUNNING', () => {
    const all = received('everything');
    return all.some((e) => e.headers.eventname === 'PROCESS_STATE_RUNNING') ? all : undefined;
  });
  const running = events.findIndex((e) => e.headers.eventname === 'SUPERVISOR_STATE_CHANGE_RUNNING');
  assert.ok(running > 0);
  assert.equal(events[running]!.payload, '');
  const added = events.slice(0, running);
  assert.ok(added.every((e) => e.headers.eventname === 'PROCESS_GROUP_ADDED'));
  // Pools subscribe as they are created: this one sees itself and the groups created after it.
  assert.ok(added.some((e) => e.payload === 'groupname:everything\n'));
  assert.ok(added.some((e) => e.payload === 'groupname:job\n'));
  assert.ok(events.slice(running + 1).some((e) => e.headers.eventname === 'PROCESS_STATE_STARTING'));
});

test('TICK_5 arrives on a 5 s wall-clock boundary', async () => {
  const [tick] = await waitFor('a tick', () => {
    const all = received('ticks');
    return all.length > 0 ? all : undefined;
  }, { timeoutMs: 15000 });
  assert.equal(tick!.headers.eventname, 'TICK_5');
  const when = Number(/^when:(\d+)$/.exec(tick!.payload)![1]);
  assert.equal(when % 5, 0);
  assert.ok(when > startedAt - 1 && when <= Date.now() / 1000, `${when} vs ${startedAt}`);
});

test('stdout_events_enabled and capture mode emit PROCESS_LOG and PROCESS_COMMUNICATION; captured text is not logged', async () => {
  const events = await waitFor('talker events', () => {
    const all = received('logs');
    return all.some((e) => e.headers.eventname === 'PROCESS_COMMUNICATION_STDERR') && all.some((e) => e.headers.eventname === 'PROCESS_LOG_STDOUT') ? all : undefined;
  });
  const stdout = events.find((e) => e.headers.eventname === 'PROCESS_LOG_STDOUT')!;
  const pid = payloadFields(stdout.payload).pid!;
  assert.equal(stdout.payload, `processname:talker groupname:talker pid:${pid} channel:stdout\nhello\n`);
  const comm = events.find((e) => e.headers.eventname === 'PROCESS_COMMUNICATION_STDERR')!;
  assert.equal(comm.payload, `processname:talker groupname:talker pid:${pid}\nsecret`);
  await waitFor('talker stderr logged', () => readFileSync(path.join(dir, 'talker.err'), 'utf8').length > 0);
  assert.equal(readFileSync(path.join(dir, 'talker.err'), 'utf8'), 'after-the-end-token-long-enough\n');
});

test('REMOTE_COMMUNICATION: FAIL, a garbled answer and a listener dying BUSY get the event again; a full buffer discards the oldest', async () => {
  assert.equal(await rpcCall(url, 'supervisor.sendRemoteCommEvent', 'greeting', 'héllo\nworld'), true);
  await waitFor('first event handled everywhere', () =>
    received('remote').length === 1 && received('flaky').length === 2 && received('crashy').length === 2 && received('garbled').length === 1 && received('stuck').length === 1,
  { timeoutMs: 15000 });
  const [first] = received('remote');
  assert.equal(first!.headers.eventname, 'REMOTE_COMMUNICATION');
  assert.equal(first!.payload, 'type:greeting\nhéllo\nworld');
  // len counts characters, as Supervisor's Python does (é is one).
  assert.equal(first!.headers.len, '25');
  const serial = first!.headers.serial;

  // FAIL: the same event (same serial and pool serial) comes back to the same listener.
  const flaky = received('flaky');
  assert.deepEqual(flaky.map((e) => [e.headers.serial, e.headers.poolserial]), [[serial, '0'], [serial, '0']]);
  assert.match(mainLog(), /WARN flaky: event was rejected\n/);

  // Died while BUSY: the restarted listener (another pid) gets it.
  const crashy = received('crashy');
  assert.deepEqual(crashy.map((e) => e.headers.serial), [serial, serial]);
  assert.notEqual(crashy[0]!.pid, crashy[1]!.pid);

  // Garbled answer: rebuffered, listener UNKNOWN until restarted, then redelivered.
  await waitFor('garbled answer read', () => mainLog().includes('WARN garbled: has entered the UNKNOWN state and will no longer receive events'));
  assert.match(mainLog(), /WARN garbled: bad result line: 'RESULT x'\n(.*\n)?.*WARN garbled: has entered the UNKNOWN state/);
  await rpcCall(url, 'supervisor.stopProcess', 'garbled', true);
  await rpcCall(url, 'supervisor.startProcess', 'garbled', true);
  await waitFor('garbled redelivery', () => received('garbled').length === 2, { timeoutMs: 10000 });
  assert.deepEqual(received('garbled').map((e) => e.headers.serial), [serial, serial]);

  // The hung listener holds event 1; four more overflow its buffer of 2.
  for (const word of ['second', 'third', 'fourth', 'fifth']) await rpcCall(url, 'supervisor.sendRemoteCommEvent', 'n', word);
  await waitFor('remote got all five', () => received('remote').length === 5);
  const serialOf = (word: string): string => received('remote').find((e) => e.payload === `type:n\n${word}`)!.headers.serial!;
  const discarded = [...mainLog().matchAll(/ERRO pool stuck event buffer overflowed, discarding event (\d+)\n/g)].map((m) => m[1]);
  assert.deepEqual(discarded, [serialOf('second'), serialOf('third')]);
  assert.deepEqual(received('stuck').length, 1);
  await waitFor('flaky got all five', () => received('flaky').length === 6);
  assert.deepEqual(received('flaky').slice(2).map((e) => e.payload.split('\n')[1]), ['second', 'third', 'fourth', 'fifth']);
});

test('a listener that answers and exits at once is not sent the answered event again', async () => {
  const all = await waitFor('oneshot got five', () => (received('oneshot').length >= 5 ? received('oneshot') : undefined), { timeoutMs: 30000 });
  assert.deepEqual(all.map((e) => e.payload.split('\n').at(-1)), ['world', 'second', 'third', 'fourth', 'fifth']);
  assert.equal(new Set(all.map((e) => e.pid)).size, 5);
});

test('removing and adding a group sends PROCESS_GROUP_REMOVED and PROCESS_GROUP_ADDED', async () => {
  const before = received('everything').length;
  assert.equal(await rpcCall(url, 'supervisor.removeProcessGroup', 'job'), true);
  assert.equal(await rpcCall(url, 'supervisor.addProcessGroup', 'job'), true);
  const later = await waitFor('group events', () => {
    const events = received('everything').slice(before).filter((e) => e.headers.eventname.startsWith('PROCESS_GROUP_'));
    return events.length >= 2 ? events : undefined;
  });
  assert.deepEqual(later.map((e) => `${e.headers.eventname} ${e.payload}`), ['PROCESS_GROUP_REMOVED groupname:job\n', 'PROCESS_GROUP_ADDED groupname:job\n']);
});

test('shutdown sends SUPERVISOR_STATE_CHANGE_STOPPING before the programs stop', async () => {
  await waitFor('slowstop running', async () => ((await rpcCall(url, 'supervisor.getProcessInfo', 'slowstop')) as unknown as ProcessInfo).statename === 'RUNNING');
  const before = received('everything').length;
  assert.equal(await daemon.stop(), 0);
  const later = received('everything').slice(before).map((e) => e.headers.eventname);
  const stopping = later.indexOf('SUPERVISOR_STATE_CHANGE_STOPPING');
  assert.ok(stopping >= 0, later.join(' '));
  assert.ok(later.indexOf('PROCESS_STATE_STOPPING') > stopping, later.join(' '));
});
