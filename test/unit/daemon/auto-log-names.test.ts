import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createAutoLogFile, isAutoLogName, removeOldAutoLogs } from '../../../src/daemon/auto-log-names.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dir = makeTempDir('svw-auto');
after(() => removeTempDir(dir));

test('createAutoLogFile makes <name>-<channel>---<identifier>-XXXXXXXX.log with mode 0600', () => {
  const file = createAutoLogFile(dir, 'web', 'stdout', 'supervisor');
  assert.match(path.basename(file), /^web-stdout---supervisor-[a-z0-9_]{8}\.log$/);
  assert.equal(statSync(file).mode & 0o777, 0o600);
});

test('removeOldAutoLogs deletes this identifier\'s AUTO logs and their backups only', () => {
  const keep = ['mine.log', 'web-stdout---other-abcdefgh.log'];
  const remove = ['web-stdout---supervisor-abcdefgh.log', 'web-stderr---supervisor-abcdefgh.log.3'];
  for (const name of [...keep, ...remove]) writeFileSync(path.join(dir, name), '');
  removeOldAutoLogs(dir, 'supervisor');
  for (const name of keep) assert.equal(existsSync(path.join(dir, name)), true, name);
  for (const name of remove) assert.equal(existsSync(path.join(dir, name)), false, name);
  assert.equal(isAutoLogName('x-stdout---supervisor-12345678.log', 'supervisor'), true);
});
