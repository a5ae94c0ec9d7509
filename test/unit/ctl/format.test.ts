import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  exitStatusForFault, formatAvailLine, formatClearResult, formatConfigChanges, formatSignalResult, formatStartResult,
  formatStatusLine, formatStopResult, splitWords, statusNameWidth, statusRows, UnknownResultCode,
} from '../../../src/ctl/format.js';
import { makeNamespec, splitNamespec } from '../../../src/protocol/namespec.js';

test('namespecs join and split as supervisorctl does', () => {
  const table: [string, { group: string; process: string | undefined }][] = [
    ['cat', { group: 'cat', process: 'cat' }],
    ['grp:cat', { group: 'grp', process: 'cat' }],
    ['grp:*', { group: 'grp', process: undefined }],
    ['grp:', { group: 'grp', process: undefined }],
    ['a:b:c', { group: 'a', process: 'b:c' }],
  ];
  for (const [spec, parts] of table) assert.deepEqual(splitNamespec(spec), parts, spec);
  assert.equal(makeNamespec('cat', 'cat'), 'cat');
  assert.equal(makeNamespec('grp', 'cat'), 'grp:cat');
  assert.equal(makeNamespec('grp', undefined), 'grp:None');
  assert.deepEqual(splitWords('  a \t b\n c '), ['a', 'b', 'c']);
  assert.deepEqual(splitWords(''), []);
});

test('status lines: name column max(30, longest)+3, state column 10', () => {
  const short = statusRows([
    { group: 'grp', name: 'cat', statename: 'RUNNING', description: 'pid 8333, uptime 0:00:09' },
    { group: 'inc', name: 'inc', statename: 'STARTING', description: '' },
  ]);
  const width = statusNameWidth(short);
  assert.equal(width, 33);
  assert.equal(formatStatusLine(short[0], width), 'grp:cat                          RUNNING   pid 8333, uptime 0:00:09');
  assert.equal(formatStatusLine(short[1], width), 'inc                              STARTING  ');
  const long = statusRows([{ group: 'g', name: 'a_program_with_a_really_long_name_x', statename: 'STOPPED', description: 'Not started' }]);
  assert.equal(statusNameWidth(long), 'g:a_program_with_a_really_long_name_x'.length + 3);
  assert.equal(statusNameWidth([]), 33);
  const painted = formatStatusLine(short[0], width, (padded, state) => `<${state}>${padded}</>`);
  assert.equal(painted, 'grp:cat                          <RUNNING>RUNNING   </>pid 8333, uptime 0:00:09');
});

test('avail lines', () => {
  assert.equal(
    formatAvailLine({ group: 'cat', name: 'cat', inuse: true, autostart: true, group_prio: 999, process_prio: 999 }),
    'cat                              in use    auto      999:999',
  );
  assert.equal(
    formatAvailLine({ group: 'g', name: 'p', inuse: false, autostart: false, group_prio: 5, process_prio: -1 }),
    'g:p                              avail     manual    5:-1',
  );
});

test('reread lines are sorted by code point', () => {
  assert.deepEqual(formatConfigChanges([], [], []), ['No config updates to processes']);
  assert.deepEqual(formatConfigChanges(['b', 'B'], ['a'], ['c']), ['B: available', 'a: changed', 'b: available', 'c: disappeared']);
});

const result = (status: number, description = '') => ({ group: 'g', name: 'p', status, description });

test('result lines of start/stop/signal/clear', () => {
  const table: [(r: ReturnType<typeof result>) => string, number, string][] = [
    [formatStartResult, 80, 'g:p: started'],
    [formatStartResult, 10, 'g:p: ERROR (no such process)'],
    [formatStartResult, 20, 'g:p: ERROR (no such file)'],
    [formatStartResult, 21, 'g:p: ERROR (file is not executable)'],
    [formatStartResult, 60, 'g:p: ERROR (already started)'],
    [formatStartResult, 50, 'g:p: ERROR (spawn error)'],
    [formatStartResult, 40, 'g:p: ERROR (abnormal termination)'],
    [formatStopResult, 80, 'g:p: stopped'],
    [formatStopResult, 70, 'g:p: ERROR (not running)'],
    [formatSignalResult, 80, 'g:p: signalled'],
    [formatSignalResult, 11, 'g:p: ERROR (bad signal name)'],
    [formatClearResult, 80, 'g:p: cleared'],
    [formatClearResult, 30, 'g:p: ERROR (failed)'],
  ];
  for (const [format, status, line] of table) assert.equal(format(result(status)), line);
  assert.equal(formatStopResult(result(30, 'FAILED: kill error')), 'FAILED: kill error');
  assert.throws(() => formatStartResult(result(30)), (error: unknown) => error instanceof UnknownResultCode && error.message === 'Unknown result code 30 for g:p');
});

test('exit status from result codes', () => {
  const table: [number, number | undefined, number | undefined][] = [
    [80, undefined, undefined],
    [60, 60, undefined],
    [50, undefined, 7],
    [40, undefined, 7],
    [70, undefined, 7],
    [70, 70, undefined],
    [10, undefined, 1],
    [30, undefined, 1],
  ];
  for (const [code, ignored, expected] of table) assert.equal(exitStatusForFault(code, ignored), expected, `${code}/${ignored}`);
});
