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

describe('live page formatting', async () => {
  const format = await load('format.js');

  it('blames the right party for a failed request', () => {
    const http = Object.assign(new Error('HTTP 500: boom'), { name: 'HttpError', status: 500 });
    const table: [unknown, string, RegExp][] = [
      [new TypeError('Failed to fetch'), 'network', /No answer from the daemon/],
      [new TypeError("Failed to execute 'fetch' on 'Window': Request cannot be constructed from a URL that includes credentials: http://a:b@h/api/rpc"), 'browser', /not of the daemon/],
      [http, 'daemon', /answered with an error: HTTP 500: boom/],
      [Object.assign(new Error('HTTP 401'), { name: 'HttpError', status: 401 }), 'auth', /reload the page to log in/],
      [Object.assign(new Error('x'), { name: 'RpcFault', code: 70, text: 'NOT_RUNNING' }), 'daemon', /refused: not running/],
    ];
    for (const [error, source, text] of table) {
      const found = format.failureOf(error) as { source: string; text: string };
      assert.equal(found.source, source, String(error));
      assert.match(found.text, text);
    }
    assert.doesNotMatch(format.failureOf(table[1]![0]).text, /reach the daemon|No answer/);
  });

  it('shows the real last exit, never -1', () => {
    const stopped = { statename: 'STOPPED', stop: 100, exitstatus: -1, now: 130, lastExit: { code: null, signal: 'SIGTERM', at: 100, expected: true } };
    assert.equal(format.exitText(stopped), 'SIGTERM, expected');
    assert.equal(format.exitWhenText(stopped, 130), '30 s ago');
    assert.equal(format.exitText({ ...stopped, lastExit: { code: 3, signal: null, at: 1, expected: false } }), 'exit 3, unexpected');
    assert.equal(format.exitText({ statename: 'STOPPED', stop: 100, exitstatus: -1 }), '—', 'an older daemon without lastExit: no -1');
    assert.equal(format.exitText({ statename: 'EXITED', stop: 100, exitstatus: 2 }), 'exit 2');
    assert.equal(format.exitText({ statename: 'STOPPED', stop: 0, exitstatus: 0 }), '—');
    assert.equal(format.exitWhenText({ statename: 'STOPPED' }, 5), '');
    const ago: [number, string][] = [[0, '0 s ago'], [59, '59 s ago'], [60, '1 min ago'], [7200, '2 h ago'], [86400, '1 day ago'], [3 * 86400, '3 days ago']];
    for (const [seconds, text] of ago) assert.equal(format.agoText(seconds), text);
  });

  it('formats usage and keeps a RUNNING description current', () => {
    assert.equal(format.bytesText(812 * 1024), '812 KB');
    assert.equal(format.bytesText(12.44 * 1024 ** 2), '12.4 MB');
    assert.equal(format.bytesText(1.25 * 1024 ** 3), '1.3 GB');
    assert.equal(format.bytesText(undefined), '—');
    assert.equal(format.cpuText(0.04), '0.0 %');
    assert.equal(format.cpuText(9.96), '10.0 %');
    assert.equal(format.cpuText(57.4), '57 %');
    assert.equal(format.restartsText({ restarts: 2 }), '2');
    assert.equal(format.restartsText({}), '—');
    const running = { statename: 'RUNNING', pid: 7, start: 100, now: 175, description: 'pid 7, uptime 0:00:05' };
    assert.equal(format.descriptionText(running), 'pid 7, uptime 0:01:15');
    assert.equal(format.descriptionText({ ...running, statename: 'EXITED', description: 'Dec 02 05:17 PM' }), 'Dec 02 05:17 PM');
    // A failing liveness check (issue 17) stays after the refreshed uptime.
    const failing = { ...running, description: 'pid 7, uptime 1 day, 0:00:05, unhealthy: HTTP 503 (3 failures)' };
    assert.equal(format.descriptionText(failing), 'pid 7, uptime 0:01:15, unhealthy: HTTP 503 (3 failures)');
  });

  it('names both channels before clearing', () => {
    const question = format.clearLogsQuestion('web', { stdout_logfile: '/var/log/web.out', stderr_logfile: '' }) as string;
    assert.match(question, /^Clear the logs of web\?/);
    assert.match(question, /BOTH/);
    assert.match(question, /stdout: \/var\/log\/web\.out/);
    assert.match(question, /stderr: no log file/);
  });
});

describe('sparklines', async () => {
  const { sparklinePoints } = await load('usage-chart.js');
  const xy = (points: string) => points.split(' ').map((pair) => pair.split(',').map(Number));

  it('right-aligns on now, spreads a young history over at least a minute, scales to the peak', () => {
    const now = 1_000_000;
    const young = xy(sparklinePoints([{ at: now - 60_000, value: 0 }, { at: now - 30_000, value: 5 }, { at: now, value: 10 }], { now, width: 80, height: 20 }));
    assert.deepEqual(young, [[0, 19], [40, 10], [80, 1]]);
    const floor = xy(sparklinePoints([{ at: now - 60_000, value: 1 }, { at: now, value: 1 }], { now, width: 80, height: 20, max: 10 }));
    assert.deepEqual(floor.map(([, y]) => y), [17.2, 17.2], 'a small value against a 10 % floor stays low');
    const old = sparklinePoints([{ at: now - 10 * 60_000, value: 3 }], { now, width: 80, height: 20 });
    assert.equal(old, '', 'points older than the window are dropped');
    const single = xy(sparklinePoints([{ at: now, value: 2 }], { now, width: 80, height: 20 }));
    assert.equal(single.length, 2, 'one sample is drawn as a short line');
    const full = xy(sparklinePoints([{ at: now - 300_000, value: 1 }, { at: now - 150_000, value: 1 }], { now, width: 80, height: 20 }));
    assert.deepEqual(full.map(([x]) => x), [0, 40], 'five minutes of history fill the width');
  });
});

describe('host panel rows', async () => {
  const { hostRows, hostSummary } = await load('host-panel.js');
  const base = {
    board: null,
    isRaspberryPi: false,
    cpuTemperatureC: null,
    load: { one: 0.5, five: 0.25, fifteen: 0.125, cores: 2 },
    memory: { totalBytes: 4 * 1024 ** 3, availableBytes: 3 * 1024 ** 3 },
    logDisk: { path: '/var/log', freeBytes: 10 * 1024 ** 3, totalBytes: 30 * 1024 ** 3 },
    throttle: null,
    warnings: [],
  };

  it('says in words what a machine without a Pi board lacks', () => {
    const rows = Object.fromEntries((hostRows(base) as { fact: string; value: string }[]).map((row) => [row.fact, row.value]));
    assert.match(rows.board!, /not a Raspberry Pi/);
    assert.match(rows.temperature!, /not available on this machine/);
    assert.match(rows.power!, /not a Raspberry Pi/);
    assert.equal(rows.load, '0.50 · 0.25 · 0.13 on 2 cores');
    assert.equal(rows.memory, '3.0 GB available of 4.0 GB');
    assert.equal(rows.disk, '10.0 GB free of 30.0 GB (/var/log)');
    assert.deepEqual(hostSummary(base), { text: 'ok', tone: 'ok' });
  });

  it('marks the facts a warning is about, on a throttling Pi', () => {
    const pi = {
      ...base,
      board: 'Raspberry Pi 3 Model B Rev 1.2',
      isRaspberryPi: true,
      cpuTemperatureC: 81,
      throttle: { raw: 0x50005 },
      warnings: [
        { fact: 'power', level: 'error', text: 'Under-voltage right now' },
        { fact: 'temperature', level: 'error', text: 'hot' },
      ],
    };
    const rows = hostRows(pi) as { fact: string; value: string; level: string }[];
    assert.deepEqual(rows.filter((row) => row.level !== 'ok').map((row) => [row.fact, row.level]), [['temperature', 'error'], ['power', 'error']]);
    assert.equal(rows.find((row) => row.fact === 'power')!.value, 'firmware flags 0x50005 (see the warning)');
    assert.equal(rows.find((row) => row.fact === 'board')!.value, 'Raspberry Pi 3 Model B Rev 1.2');
    assert.deepEqual(hostSummary(pi), { text: 'needs attention', tone: 'bad' });
    assert.match(hostRows({ ...pi, throttle: null })[5].value, /vcgencmd is not installed/);
  });
});

describe('nodes panel text', async () => {
  const { nodesSummary, nodeLine } = await load('nodes-panel.js');
  const up = { name: 'a', reachable: true, supervisorVersion: '4.2.5', processes: [{ statename: 'RUNNING' }, { statename: 'STOPPED' }] };
  const down = { name: 'b', reachable: false, problem: 'no answer within 3 s', processes: [] };
  it('says how many nodes are unreachable, or that all answer', () => {
    assert.deepEqual(nodesSummary([up, down]), { text: '1 of 2 unreachable', tone: 'bad' });
    assert.deepEqual(nodesSummary([up]), { text: '1 reachable', tone: 'ok' });
  });
  it('says what runs on a node, or why it cannot be shown', () => {
    assert.equal(nodeLine(up), '1 of 2 running · Supervisor API 4.2.5');
    assert.equal(nodeLine(down), 'unreachable: no answer within 3 s');
  });
});
