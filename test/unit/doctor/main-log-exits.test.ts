import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logTextSince, unexpectedExits } from '../../../src/doctor/main-log-exits.js';

// Lines as Supervisor 4.2.5's finish() writes them (svwizd writes the same).
const OLD = [
  '2026-12-04 18:50:01,101 INFO spawned: \'app\' with pid 100',
  '2026-12-04 18:50:01,402 WARN exited: app (exit status 3; not expected)',
].join('\n');
const NEW = [
  '2026-12-04 18:50:02,410 INFO spawned: \'app\' with pid 101',
  '2026-12-04 18:50:02,711 WARN exited: app (exit status 4; not expected)',
  '2026-12-04 18:50:02,712 INFO exited: app (exit status 0; expected)',
  '2026-12-04 18:50:02,713 WARN exited: app_2 (exit status 9; not expected)',
  '2026-12-04 18:50:02,714 WARN exited: app (terminated by SIGSEGV (core dumped); not expected)',
  '2026-12-04 18:50:02,715 WARN stopped: app (terminated by SIGKILL)',
  '2026-12-04 18:50:02,716 WARN exited: a.b (exit status 1; not expected)',
].join('\n');

test('unexpectedExits lists one program\'s unexpected exits, oldest first, and nothing else', () => {
  assert.deepEqual(unexpectedExits(`${OLD}\n${NEW}\n`, 'app'), [{ status: 3 }, { status: 4 }, { signal: 'SIGSEGV' }]);
  assert.deepEqual(unexpectedExits(NEW, 'app_2'), [{ status: 9 }]);
  // The name is matched literally: `a.b` is not a pattern for `axb`.
  assert.deepEqual(unexpectedExits(NEW, 'a.b'), [{ status: 1 }]);
  assert.deepEqual(unexpectedExits(NEW.replace('a.b', 'axb'), 'a.b'), []);
  assert.deepEqual(unexpectedExits(NEW, 'web'), []);
});

test('logTextSince keeps what a later tail of the same log added, or all of it after a rotation', () => {
  assert.equal(logTextSince(`${OLD}\n`, `${OLD}\n${NEW}\n`), `\n${NEW}\n`);
  // A later tail of a fixed size: the old start has scrolled out, the last old line is still there.
  assert.equal(logTextSince(OLD, `${OLD.split('\n')[1]}\n${NEW}`), `\n${NEW}`);
  assert.equal(logTextSince(OLD, NEW), NEW, 'the old last line is gone: the log rotated, all is new');
  assert.equal(logTextSince('', NEW), NEW, 'no earlier tail (unreadable log)');
  assert.equal(logTextSince(OLD, OLD), '', 'nothing written meanwhile');
  assert.deepEqual(unexpectedExits(logTextSince(`${OLD}\n`, `${OLD}\n${NEW}\n`), 'app').map((e) => e.status ?? e.signal), [4, 'SIGSEGV']);
});
