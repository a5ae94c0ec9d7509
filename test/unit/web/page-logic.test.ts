/** The page's pure modules (plain browser JS shipped in assets/web), run under node. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMethodCall } from '../../../src/protocol/xmlrpc-codec.js';

type Module = Record<string, (...args: any[]) => any>;
const load = (name: string): Promise<Module> => import(new URL(`../../../../assets/web/${name}`, import.meta.url).href) as Promise<Module>;

describe('log text', async () => {
  const { joinFirstChunk, overlapLength, trimToLimit, searchLines } = await load('log-text.js');

  it('drops the part of a re-opened stream we already have', () => {
    assert.equal(joinFirstChunk('a\nb\nc\n', 'b\nc\nd\n'), 'd\n');
    assert.equal(joinFirstChunk('a\nb\nc\n', 'b\nc\n'), '');
    assert.equal(joinFirstChunk('', 'x\n'), 'x\n');
    assert.equal(joinFirstChunk('héllo\n', '\uFFFDllo\nnew\n'), 'new\n');
    assert.equal(joinFirstChunk('old\n', 'unrelated\n'), 'unrelated\n');
    assert.equal(overlapLength('abcabc', 'abcabcx'), 6);
  });

  it('trims whole lines from the front', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const trimmed = trimToLimit(text, 200);
    assert.ok(trimmed.length <= 200);
    assert.match(trimmed, /^line \d+\n/);
    assert.ok(text.endsWith(trimmed));
    assert.equal(trimToLimit('short', 200), 'short');
  });

  it('finds matching lines case-insensitively and marks each match', () => {
    assert.deepEqual(searchLines('Error one\nok\nerror ERROR\n', 'error'), [
      [['Error', true], [' one', false]],
      [['error', true], [' ', false], ['ERROR', true]],
    ]);
    assert.deepEqual(searchLines('abc', 'z'), []);
  });
});

describe('process formatting', async () => {
  const format = await load('format.js');

  it('builds namespecs like Supervisor', () => {
    assert.equal(format.namespec({ name: 'web', group: 'web' }), 'web');
    assert.equal(format.namespec({ name: 'w_0', group: 'pool' }), 'pool:w_0');
  });

  it('formats uptimes like Python timedelta', () => {
    const table: [number, string][] = [
      [0, '0:00:00'],
      [12, '0:00:12'],
      [3725, '1:02:05'],
      [86400 + 61, '1 day, 0:01:01'],
      [3 * 86400, '3 days, 0:00:00'],
      [-5, '0:00:00'],
    ];
    for (const [seconds, text] of table) assert.equal(format.formatDuration(seconds), text);
    assert.equal(format.uptimeText({ statename: 'RUNNING', start: 100, now: 112 }), '0:00:12');
    assert.equal(format.uptimeText({ statename: 'STOPPED', start: 100, now: 112 }), '—');
  });

  it('offers only the actions a state allows', () => {
    assert.deepEqual(format.allowedActions('RUNNING'), { start: false, stop: true, restart: true, signal: true, clear: true });
    assert.deepEqual(format.allowedActions('STOPPED'), { start: true, stop: false, restart: true, signal: false, clear: true });
    assert.deepEqual(format.allowedActions('STOPPING'), { start: false, stop: false, restart: false, signal: true, clear: true });
    assert.equal(format.allowedActions('BACKOFF').stop, true);
    assert.equal(format.allowedActions('FATAL').start, true);
  });

  it('reports failed group results with supervisorctl wording', () => {
    const results = [
      { name: 'a', group: 'g', status: 80, description: 'OK' },
      { name: 'b', group: 'g', status: 50, description: 'SPAWN_ERROR: b' },
      { name: 'c', group: 'g', status: 99, description: 'odd' },
    ];
    assert.deepEqual(format.failedResults(results), ['g:b: spawn error', 'g:c: odd']);
  });

  it('groups processes and spots real groups', () => {
    const infos = [
      { name: 'a', group: 'a' },
      { name: 'w_0', group: 'pool' },
      { name: 'w_1', group: 'pool' },
    ];
    const groups = format.groupProcesses(infos) as Map<string, { name: string; group: string }[]>;
    assert.deepEqual([...groups.keys()], ['a', 'pool']);
    assert.equal(format.isRealGroup('a', groups.get('a')), false);
    assert.equal(format.isRealGroup('pool', groups.get('pool')), true);
    assert.equal(format.isRealGroup('g', [{ name: 'only', group: 'g' }]), true);
  });
});

describe('browser XML-RPC encoder', async () => {
  const { encodeCall } = await load('xmlrpc.js');

  it("produces calls the daemon's own decoder reads back exactly", () => {
    const params = ['g:<web> & "x"', 42, -1, true, false, 1.5, ['a', 2], { methodName: 'supervisor.getState', params: [] }];
    assert.deepEqual(decodeMethodCall(encodeCall('system.multicall', params)), { methodName: 'system.multicall', params });
  });

  it('refuses values XML-RPC cannot carry', () => {
    assert.throws(() => encodeCall('m', [null]), TypeError);
    assert.throws(() => encodeCall('m', [undefined]), TypeError);
  });
});
