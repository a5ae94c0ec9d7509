/**
 * The pool's buffer and the per-run protocol state, driven through real Node streams standing in
 * for a listener's stdout pipe (the integration tests run the same paths with real processes;
 * here the interleavings that are races with real processes are made deterministic).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { setImmediate as tick } from 'node:timers/promises';
import { ChildOutput } from '../../../../src/daemon/child-output.js';
import { EventBus } from '../../../../src/daemon/events/event-bus.js';
import { EventListenerPool, type ListenerProcess } from '../../../../src/daemon/events/listener-pool.js';
import { MainLog } from '../../../../src/daemon/main-log.js';
import type { ProcessStateName } from '../../../../src/protocol/states.js';
import { makeTempDir, removeTempDir } from '../../../helpers/temp.js';

const dir = makeTempDir('svw-pool');
after(() => removeTempDir(dir));

class ListenerStandIn implements ListenerProcess {
  state: ProcessStateName = 'RUNNING';
  readonly written: string[] = [];
  constructor(readonly name: string) {}
  writeStdin(data: Buffer): void {
    this.written.push(data.toString());
  }
}

function setup(bufferSize = 10): { bus: EventBus; pool: EventListenerPool; listener: ListenerStandIn; log: () => string } {
  const file = path.join(dir, `main-${Math.random().toString(36).slice(2)}.log`);
  const mainLog = new MainLog({ file, maxBytes: 0, backups: 0, level: 'debug', mirrorToStdout: false });
  mainLog.open();
  const bus = new EventBus();
  const pool = new EventListenerPool({ name: 'p', bufferSize, events: ['REMOTE_COMMUNICATION'], identifier: 'sup' }, bus, mainLog);
  const listener = new ListenerStandIn('l');
  return { bus, pool, listener, log: () => readFileSync(file, 'utf8') };
}

/** A listener's stdout: the stream the test writes, and the ChildOutput the pool reads from it. */
function stdoutStandIn(): PassThrough & { output: ChildOutput } {
  const stream = new PassThrough();
  return Object.assign(stream, { output: ChildOutput.ofStream(stream) });
}

const remote = (data: string) => ({ name: 'REMOTE_COMMUNICATION', payload: `type:t\n${data}` });

test('an answer written by a run that already exited counts, even after the next run started', async () => {
  const { bus, pool, listener } = setup();
  const link = pool.addListener(listener);
  const first = stdoutStandIn();
  link.spawned(first.output);
  first.write('READY\n');
  bus.notify(remote('a'));
  await tick();
  assert.equal(listener.written.length, 1);
  assert.equal(link.state, 'BUSY');
  link.exited(first.output);
  link.spawned(stdoutStandIn().output);
  first.end('RESULT 2\nOK');
  await tick();
  assert.deepEqual(pool.buffered, []);
});

test('a run that exits BUSY without answering gives its event back once its pipe closes', async () => {
  const { bus, pool, listener } = setup();
  const link = pool.addListener(listener);
  const first = stdoutStandIn();
  link.spawned(first.output);
  first.write('READY\n');
  bus.notify(remote('a'));
  await tick();
  link.exited(first.output);
  assert.equal(pool.buffered.length, 0);
  first.destroy();
  await tick();
  assert.deepEqual(pool.buffered.map((event) => event.payload), ['type:t\na']);
  // The next run gets it with the same serials.
  const second = stdoutStandIn();
  link.spawned(second.output);
  second.write('READY\n');
  await tick();
  assert.equal(listener.written.length, 2);
  assert.equal(listener.written[1], listener.written[0]);
});

test('events wait for a RUNNING and READY listener; overflow drops the oldest; FAIL puts it back first', async () => {
  const { bus, pool, listener, log } = setup(2);
  const link = pool.addListener(listener);
  const stdout = stdoutStandIn();
  listener.state = 'STARTING';
  link.spawned(stdout.output);
  stdout.write('READY\n');
  const events = ['a', 'b', 'c'].map(remote);
  for (const event of events) bus.notify(event);
  await tick();
  assert.equal(listener.written.length, 0);
  assert.deepEqual(pool.buffered, events.slice(1));
  assert.ok(log().includes(`ERRO pool p event buffer overflowed, discarding event ${(events[0] as { serial?: number }).serial}\n`));
  listener.state = 'RUNNING';
  pool.scheduleDispatch();
  await tick();
  assert.equal(listener.written.length, 1);
  assert.match(listener.written[0]!, /^ver:3\.0 server:sup serial:\d+ pool:p poolserial:1 eventname:REMOTE_COMMUNICATION len:8\ntype:t\nb$/);
  stdout.write('RESULT 4\nFAIL');
  stdout.write('READY\n');
  await tick();
  assert.equal(listener.written[1], listener.written[0]);
  assert.match(log(), /WARN l: event was rejected\n/);
});
