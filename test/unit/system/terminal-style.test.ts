/** One rule for colour and Unicode marks across svwiz, svwizctl and the doctor. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { colourWanted, marksFor, unicodeWanted } from '../../../src/system/terminal-style.js';
import { colourFor, renderReportText } from '../../../src/cli/doctor-render.js';
import { loadPaint } from '../../../src/ctl/paint.js';
import type { DoctorReport } from '../../../src/doctor/types.js';

test('colour: flag, then FORCE_COLOR, then a non-empty NO_COLOR, then TERM=dumb, then the TTY', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  const cases: [string, { isTTY: boolean }, NodeJS.ProcessEnv, boolean, boolean][] = [
    ['a terminal', tty, {}, false, true],
    ['a pipe', pipe, {}, false, false],
    ['--no-color beats FORCE_COLOR', tty, { FORCE_COLOR: '1' }, true, false],
    ['FORCE_COLOR=1 on a pipe', pipe, { FORCE_COLOR: '1' }, false, true],
    ['FORCE_COLOR empty means on', pipe, { FORCE_COLOR: '' }, false, true],
    ['FORCE_COLOR=true', pipe, { FORCE_COLOR: 'true' }, false, true],
    ['FORCE_COLOR=0 on a terminal', tty, { FORCE_COLOR: '0' }, false, false],
    ['FORCE_COLOR=false', tty, { FORCE_COLOR: 'false' }, false, false],
    ['FORCE_COLOR beats NO_COLOR (as in Node)', pipe, { FORCE_COLOR: '2', NO_COLOR: '1' }, false, true],
    ['NO_COLOR=1', tty, { NO_COLOR: '1' }, false, false],
    ['an empty NO_COLOR is unset', tty, { NO_COLOR: '' }, false, true],
    ['TERM=dumb', tty, { TERM: 'dumb' }, false, false],
    ['TERM=dumb with FORCE_COLOR', pipe, { TERM: 'dumb', FORCE_COLOR: '1' }, false, true],
  ];
  for (const [label, stream, env, flag, expected] of cases) {
    assert.equal(colourWanted(stream, env, flag), expected, label);
    if (!flag) assert.equal(colourFor(stream, env).level, expected ? 1 : 0, `doctor: ${label}`);
  }
});

test('unicode marks unless TERM=dumb or a non-UTF-8 locale (LC_ALL, then LC_CTYPE, then LANG)', () => {
  const cases: [NodeJS.ProcessEnv, boolean][] = [
    [{}, true],
    [{ LANG: 'C.UTF-8' }, true],
    [{ LANG: 'en_GB.utf8' }, true],
    [{ LANG: 'C' }, false],
    [{ LANG: 'POSIX' }, false],
    [{ LANG: 'de_DE.ISO-8859-1' }, false],
    [{ LANG: 'C.UTF-8', LC_ALL: 'C' }, false],
    [{ LANG: 'C', LC_CTYPE: 'en_US.UTF-8' }, true],
    [{ LANG: 'C', LC_ALL: '', LC_CTYPE: 'en_US.UTF-8' }, true],
    [{ LANG: 'C.UTF-8', TERM: 'dumb' }, false],
  ];
  for (const [env, expected] of cases) assert.equal(unicodeWanted(env), expected, JSON.stringify(env));
  assert.deepEqual(marksFor({ LANG: 'C' }), { ok: 'OK', warn: '!', error: 'X', skipped: '-', pending: '...', arrow: '->', dash: '-' });
  assert.equal(marksFor({ LANG: 'C.UTF-8' }).ok, '✓');
});

test('the doctor report uses plain ASCII marks when asked to', () => {
  const report: DoctorReport = {
    version: '0',
    backend: 'unknown',
    checks: [
      { id: 'a', title: 'A', area: 'config', status: 'ok', findings: [] },
      { id: 'b', title: 'B', area: 'config', status: 'error', findings: [{ severity: 'error', message: 'broken' }] },
    ],
    summary: { ok: 1, warn: 0, error: 1 },
  } as unknown as DoctorReport;
  const text = renderReportText(report, { colour: colourFor({ isTTY: false }, {}), marks: marksFor({ LANG: 'C' }) });
  assert.match(text, /^ {2}OK A \[a\]$/m);
  assert.match(text, /^ {2}X B \[b\]$/m);
  assert.match(text, /^ {6}X broken$/m);
  assert.doesNotMatch(text, /[^\x00-\x7f]/, 'nothing but ASCII');
});

test("svwizctl's paint colours at a fixed level whatever chalk would guess", async () => {
  const paint = await loadPaint();
  assert.equal(paint.state('RUNNING ', 'RUNNING'), '\u001b[32mRUNNING \u001b[39m');
  assert.equal(paint.error('ERROR'), '\u001b[31mERROR\u001b[39m');
});
