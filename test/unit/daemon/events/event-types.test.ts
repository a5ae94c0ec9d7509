import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  concreteTypesOf,
  eventEnvelope,
  isEventOfType,
  processStatePayload,
  type ProcessStateChange,
} from '../../../../src/daemon/events/event-types.js';
import { decodeOutput, pythonBytesRepr } from '../../../../src/protocol/python-repr.js';
import { EVENT_TYPE_NAMES } from '../../../../src/config/listener-fcgi-sections.js';
import { EVENT_NAMES } from '../../../../src/daemon/events/event-types.js';

test('every event name the config accepts is known to the bus, and no other', () => {
  assert.deepEqual([...EVENT_NAMES].sort(), [...EVENT_TYPE_NAMES].sort());
});

test('a subscription receives its own type and every subtype', () => {
  const table: [string, string, boolean][] = [
    ['PROCESS_STATE_RUNNING', 'PROCESS_STATE_RUNNING', true],
    ['PROCESS_STATE_RUNNING', 'PROCESS_STATE', true],
    ['PROCESS_STATE_RUNNING', 'EVENT', true],
    ['PROCESS_STATE_RUNNING', 'PROCESS_STATE_EXITED', false],
    ['TICK_60', 'TICK', true],
    ['TICK_60', 'PROCESS_STATE', false],
    ['PROCESS_LOG_STDERR', 'PROCESS_LOG', true],
    ['PROCESS_COMMUNICATION_STDOUT', 'PROCESS_LOG', false],
    ['REMOTE_COMMUNICATION', 'EVENT', true],
    ['PROCESS_GROUP_REMOVED', 'PROCESS_GROUP', true],
    ['SUPERVISOR_STATE_CHANGE_STOPPING', 'SUPERVISOR_STATE_CHANGE', true],
  ];
  for (const [name, subscribed, expected] of table) assert.equal(isEventOfType(name, subscribed), expected, `${name} / ${subscribed}`);
  assert.deepEqual(concreteTypesOf('TICK'), ['TICK_5', 'TICK_60', 'TICK_3600']);
  assert.deepEqual(concreteTypesOf('REMOTE_COMMUNICATION'), ['REMOTE_COMMUNICATION']);
  assert.equal(concreteTypesOf('EVENT').length, 20);
});

test('PROCESS_STATE payloads carry the fields Supervisor adds per state', () => {
  const base: ProcessStateChange = { processName: 'web', groupName: 'g', from: 'STARTING', to: 'RUNNING', pid: 42, tries: 2, expected: false };
  const table: [Partial<ProcessStateChange>, string][] = [
    [{ from: 'STOPPED', to: 'STARTING', tries: 0 }, 'processname:web groupname:g from_state:STOPPED tries:0'],
    [{ from: 'STARTING', to: 'BACKOFF', tries: 2 }, 'processname:web groupname:g from_state:STARTING tries:2'],
    [{ from: 'STARTING', to: 'RUNNING' }, 'processname:web groupname:g from_state:STARTING pid:42'],
    [{ from: 'RUNNING', to: 'STOPPING' }, 'processname:web groupname:g from_state:RUNNING pid:42'],
    [{ from: 'STOPPING', to: 'STOPPED' }, 'processname:web groupname:g from_state:STOPPING pid:42'],
    [{ from: 'RUNNING', to: 'EXITED', expected: true }, 'processname:web groupname:g from_state:RUNNING expected:1 pid:42'],
    [{ from: 'RUNNING', to: 'EXITED', expected: false }, 'processname:web groupname:g from_state:RUNNING expected:0 pid:42'],
    [{ from: 'BACKOFF', to: 'FATAL' }, 'processname:web groupname:g from_state:BACKOFF'],
    [{ from: 'RUNNING', to: 'UNKNOWN' }, 'processname:web groupname:g from_state:RUNNING'],
  ];
  for (const [change, expected] of table) assert.equal(processStatePayload({ ...base, ...change }), expected);
});

test('the envelope counts payload characters, as Python len() does', () => {
  assert.equal(eventEnvelope('sup', 7, 'pool', 3, 'TICK_5', 'when:5'), 'ver:3.0 server:sup serial:7 pool:pool poolserial:3 eventname:TICK_5 len:6\nwhen:5');
  assert.match(eventEnvelope('s', 0, 'p', 0, 'REMOTE_COMMUNICATION', 'type:t\né😀'), / len:9\n/);
});

test('bytes that are not UTF-8 are shown as Python repr() shows them (Python itself is the oracle)', () => {
  const samples = [Buffer.from([0xff, 0x41, 0x27]), Buffer.from("it's \"q\"\\\t\r\n\x00\x7f"), Buffer.from([0xc3]), Buffer.from("a'b")];
  for (const sample of samples) {
    const python = execFileSync('/usr/bin/python3', ['-c', 'import sys; sys.stdout.write(repr(bytes.fromhex(sys.argv[1])))', sample.toString('hex')], { encoding: 'utf8' });
    assert.equal(pythonBytesRepr(sample), python, sample.toString('hex'));
  }
  assert.equal(decodeOutput(Buffer.from('héllo')), 'héllo');
  assert.equal(decodeOutput(Buffer.from([0x61, 0xff])), "Undecodable: b'a\\xff'");
});
