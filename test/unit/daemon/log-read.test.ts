import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { LogReadError, readLogRange, tailLog } from '../../../src/daemon/log-read.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dir = makeTempDir('svw-logread');
after(() => removeTempDir(dir));
const file = path.join(dir, 'x.log');
const content = Array.from({ length: 28 }, (_, i) => `line ${String(i).padStart(3, '0')}\n`).join(''); // 28 × 9 = 252 bytes
writeFileSync(file, content);

test('readLogRange offset/length table (reference 3.6)', () => {
  assert.equal(readLogRange(file, 0, 0), content);
  assert.equal(readLogRange(file, 9, 9), 'line 001\n');
  assert.equal(readLogRange(file, -9, 0), 'line 027\n');
  assert.equal(readLogRange(file, -100000, 0), content);
  assert.equal(readLogRange(file, 5000, 10), '');
  for (const [offset, length] of [[0, -1], [-5, 3]] as const) {
    assert.throws(() => readLogRange(file, offset, length), (e: unknown) => e instanceof LogReadError && e.reason === 'BAD_ARGUMENTS');
  }
  assert.throws(() => readLogRange(path.join(dir, 'missing'), 0, 0), (e: unknown) => e instanceof LogReadError && e.reason === 'FAILED');
});

test('tailLog returns the last length bytes with overflow, and the size as next offset', () => {
  assert.deepEqual(tailLog(file, 0, 9), ['line 027\n', 252, true]);
  assert.deepEqual(tailLog(file, 243, 9), ['line 027\n', 252, false]);
  // Supervisor's tailFile moves the window to the end: a short file comes back whole.
  assert.deepEqual(tailLog(file, 243, 1000), [content, 252, false]);
  assert.deepEqual(tailLog(file, 1000, 1000), ['', 252, false]);
  assert.deepEqual(tailLog(file, 0, 1000), [content, 252, false]);
});
