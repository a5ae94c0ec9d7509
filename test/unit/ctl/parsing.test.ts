import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandLine } from '../../../src/ctl/command-line.js';
import { parseMaintailArgs, parseTailArgs } from '../../../src/ctl/commands/logs.js';
import { completeActions, completeGroups, completeProcesses, completionContext } from '../../../src/ctl/completion.js';
import { helpFor } from '../../../src/ctl/help-text.js';
import { faultErrorLine, protocolErrorLine } from '../../../src/ctl/python-text.js';
import { pythonRepr } from '../../../src/protocol/python-repr.js';

test('command lines split like cmd.Cmd.parseline', () => {
  const table: [string, ReturnType<typeof parseCommandLine>][] = [
    ['', { kind: 'empty' }],
    ['   ', { kind: 'empty' }],
    ['status', { kind: 'action', action: 'status', arg: '', line: 'status' }],
    ['  start  a b  ', { kind: 'action', action: 'start', arg: 'a b', line: 'start  a b' }],
    ['?tail', { kind: 'action', action: 'help', arg: 'tail', line: 'help tail' }],
    ['!ls', { kind: 'unknown', line: '!ls' }],
    ['-x', { kind: 'unknown', line: '-x' }],
    ['status:x', { kind: 'action', action: 'status', arg: ':x', line: 'status:x' }],
  ];
  for (const [line, parsed] of table) assert.deepEqual(parseCommandLine(line), parsed, JSON.stringify(line));
});

test('tail arguments', () => {
  const table: [string, ReturnType<typeof parseTailArgs>][] = [
    ['cat', { kind: 'read', name: 'cat', channel: 'stdout', bytes: 1600 }],
    ['cat stderr', { kind: 'read', name: 'cat', channel: 'stderr', bytes: 1600 }],
    ['cat STDERR', { kind: 'read', name: 'cat', channel: 'stderr', bytes: 1600 }],
    ['-100 cat', { kind: 'read', name: 'cat', channel: 'stdout', bytes: 100 }],
    ['-f g:cat stderr', { kind: 'follow', name: 'g:cat', channel: 'stderr' }],
    ['', { kind: 'error', lines: ['Error: too few arguments'], withHelp: 'tail' }],
    ['a b c d', { kind: 'error', lines: ['Error: too many arguments'], withHelp: 'tail' }],
    ['cat bogus', { kind: 'error', lines: ["Error: bad channel 'bogus'"] }],
    ['-x cat', { kind: 'error', lines: ['Error: bad argument -x'] }],
    ['-f', { kind: 'error', lines: ['Error: tail requires process name'] }],
  ];
  for (const [arg, parsed] of table) assert.deepEqual(parseTailArgs(arg), parsed, arg);
});

test('maintail arguments', () => {
  const table: [string, ReturnType<typeof parseMaintailArgs>][] = [
    ['', { kind: 'read', bytes: 1600 }],
    ['-200', { kind: 'read', bytes: 200 }],
    ['-f', { kind: 'follow' }],
    ['x', { kind: 'error', lines: ['Error: bad argument x'] }],
    ['-x', { kind: 'error', lines: ['Error: bad argument -x'] }],
    ['a b', { kind: 'error', lines: ['Error: too many arguments'], withHelp: 'maintail' }],
  ];
  for (const [arg, parsed] of table) assert.deepEqual(parseMaintailArgs(arg), parsed, arg);
});

test('completion', () => {
  const infos = [{ group: 'cat', name: 'cat' }, { group: 'grp', name: 'a' }, { group: 'grp', name: 'b' }];
  assert.deepEqual(completionContext(''), { word: '', need: 'actions' });
  assert.deepEqual(completionContext('sta'), { word: 'sta', need: 'actions' });
  assert.deepEqual(completionContext('start g'), { word: 'g', need: 'processes' });
  assert.deepEqual(completionContext('update '), { word: '', need: 'groups' });
  assert.deepEqual(completionContext('help s'), { word: 's', need: 'actions' });
  assert.deepEqual(completionContext('reload x'), { word: 'x', need: 'none' });
  assert.deepEqual(completeActions('st'), ['start ', 'status ', 'stop ']);
  assert.deepEqual(completeGroups('', infos), ['cat ', 'grp ']);
  assert.deepEqual(completeProcesses('', infos), ['cat ', 'grp:a ', 'grp:* ', 'grp:b ']);
  assert.deepEqual(completeProcesses('cat:', infos), ['cat:cat ', 'cat:* ']);
});

test('help texts', () => {
  assert.deepEqual(helpFor('nope'), ['*** No help on nope']);
  assert.deepEqual(helpFor('constructor'), ['*** No help on constructor']);
  assert.equal(helpFor('version')[0], 'version\t\t\tShow the version of the remote supervisord process');
});

test('Python reprs in error lines', () => {
  assert.equal(pythonRepr('abc'), "'abc'");
  assert.equal(pythonRepr("it's"), '"it\'s"');
  assert.equal(pythonRepr('a\'b"c'), "'a\\'b\"c'");
  assert.equal(pythonRepr('x\ny\\'), "'x\\ny\\\\'");
  assert.equal(faultErrorLine(92, 'CANT_REREAD: bad'), "error: <class 'xmlrpc.client.Fault'>, <Fault 92: 'CANT_REREAD: bad'>");
  assert.equal(protocolErrorLine(401, 'Unauthorized'), "error: <class 'xmlrpc.client.ProtocolError'>, <ProtocolError for 127.0.0.1/RPC2: 401 Unauthorized>");
});
