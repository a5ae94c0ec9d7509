import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RotatingLogFile, type LogWriteFailure } from '../../../src/daemon/rotating-log-file.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dir = makeTempDir('svw-rot');
after(() => removeTempDir(dir));

test('rotation renames base → .1 → .2 after the write that reaches maxbytes, keeping backups files', () => {
  const file = path.join(dir, 'a.log');
  const log = new RotatingLogFile(file, { maxBytes: 10, backups: 2 });
  for (const chunk of ['0123456789', 'abcdefghij', 'ABCDEFGHIJ', 'xyz']) log.write(chunk);
  log.close();
  assert.equal(readFileSync(file, 'utf8'), 'xyz');
  assert.equal(readFileSync(`${file}.1`, 'utf8'), 'ABCDEFGHIJ');
  assert.equal(readFileSync(`${file}.2`, 'utf8'), 'abcdefghij');
  assert.equal(existsSync(`${file}.3`), false);
});

test('backups=0 truncates at rollover; maxbytes=0 never rotates', () => {
  const file = path.join(dir, 'b.log');
  const log = new RotatingLogFile(file, { maxBytes: 5, backups: 0 });
  log.write('12345');
  log.write('ab');
  log.close();
  assert.equal(readFileSync(file, 'utf8'), 'ab');
  assert.equal(existsSync(`${file}.1`), false);
  const never = path.join(dir, 'c.log');
  const big = new RotatingLogFile(never, { maxBytes: 0, backups: 5 });
  big.write('x'.repeat(10000));
  big.close();
  assert.equal(statSync(never).size, 10000);
});

test('clear truncates in place, keeping inode and mode, whether open or not', () => {
  const file = path.join(dir, 'd.log');
  writeFileSync(file, 'old');
  chmodSync(file, 0o640);
  const inode = statSync(file).ino;
  const log = new RotatingLogFile(file, { maxBytes: 0, backups: 0 });
  log.write('more');
  log.clear();
  log.write('new');
  log.close();
  assert.equal(readFileSync(file, 'utf8'), 'new');
  assert.equal(statSync(file).ino, inode);
  assert.equal(statSync(file).mode & 0o777, 0o640);
});

test('a write failure is reported and counted, never thrown', () => {
  const failures: LogWriteFailure[] = [];
  const log = new RotatingLogFile('/dev/full', { maxBytes: 0, backups: 0 }, (failure) => failures.push(failure));
  log.write('hello');
  log.write('again!');
  assert.equal(log.droppedBytes, 11);
  assert.equal(failures[0]!.error.code, 'ENOSPC');
  log.close();
});

test('the first complete write after failures reports the outage end with the total dropped', () => {
  const sub = path.join(dir, 'gone');
  mkdirSync(sub);
  const file = path.join(sub, 'e.log');
  const resumed: [string, number][] = [];
  const log = new RotatingLogFile(file, { maxBytes: 0, backups: 0 }, () => {}, (name, total) => resumed.push([name, total]));
  rmSync(sub, { recursive: true });
  log.reopen();
  log.write('lost');
  log.write('lost too');
  assert.deepEqual(resumed, []);
  mkdirSync(sub);
  log.write('kept');
  log.write('kept too');
  log.close();
  assert.deepEqual(resumed, [[file, 12]]);
  assert.equal(readFileSync(file, 'utf8'), 'keptkept too');
});
