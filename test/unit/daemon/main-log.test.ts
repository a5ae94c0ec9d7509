import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatLogLine, formatLogTime, MainLog } from '../../../src/daemon/main-log.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dir = makeTempDir('svw-mainlog');
after(() => removeTempDir(dir));

test('formatLogLine is Supervisor format with the 4-letter level', () => {
  const date = new Date(2026, 0, 2, 3, 4, 5, 67);
  assert.equal(formatLogTime(date), '2026-01-02 03:04:05,067');
  assert.equal(formatLogLine('warn', 'exited: x', date), '2026-01-02 03:04:05,067 WARN exited: x\n');
  assert.equal(formatLogLine('debug', 'm', date).slice(24), 'DEBG m\n');
  assert.equal(formatLogLine('critical', 'm', date).slice(24), 'CRIT m\n');
  assert.equal(formatLogLine('blather', 'm', date).slice(24), 'BLAT m\n');
});

test('MainLog keeps lines at or above its level only', () => {
  const file = path.join(dir, 'main.log');
  const log = new MainLog({ file, maxBytes: 0, backups: 0, level: 'info', mirrorToStdout: false });
  log.open();
  log.debug('hidden');
  log.info('shown');
  log.critical('also shown');
  log.close();
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.deepEqual(lines.map((line) => line.slice(24)), ['INFO shown', 'CRIT also shown']);
  assert.match(lines[0]!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO shown$/);
});
