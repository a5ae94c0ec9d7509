/**
 * What checks see of the target system's files (ctx.files) and where they say a value was set
 * (positionOf, from the loaded model's sources), both under --root as target-system paths.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { targetFiles } from '../../../src/doctor/target-files.js';
import { gatherContext } from '../../../src/doctor/context.js';
import { positionOf } from '../../../src/doctor/config-locate.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const root = makeTempDir('dtf');
after(() => removeTempDir(root));

function write(target: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, target)), { recursive: true });
  writeFileSync(path.join(root, target), text);
}

write('/etc/init.d/svwiz', '#!/bin/sh -e\necho\n');
write('/var/log/app.log', 'a'.repeat(100) + 'the end');
mkdirSync(path.join(root, 'etc/rc2.d'), { recursive: true });
symlinkSync('../init.d/svwiz', path.join(root, 'etc/rc2.d/S01svwiz'));
symlinkSync('../init.d/gone', path.join(root, 'etc/rc2.d/S01gone'));

test('files are read by target path under the root; missing ones are undefined, never a throw', async () => {
  const files = targetFiles(root);
  assert.equal(files.exists('/etc/init.d/svwiz'), true);
  assert.equal(files.exists('/etc/init.d/nothing'), false);
  assert.equal(files.readText('/etc/init.d/svwiz'), '#!/bin/sh -e\necho\n');
  assert.equal(files.readText('/etc/none'), undefined);
  assert.deepEqual(files.list('/etc/rc2.d')?.sort(), ['S01gone', 'S01svwiz']);
  assert.equal(files.list('/etc/rc9.d'), undefined);
  assert.equal(files.lstat('/etc/rc2.d/S01gone')?.isSymbolicLink(), true, 'a dangling link is still an entry');
  assert.equal(files.lstat('/etc/rc2.d/S01none'), undefined);
  assert.equal(files.readLink('/etc/rc2.d/S01svwiz'), '../init.d/svwiz');
  assert.equal(files.readLink('/etc/init.d/svwiz'), undefined, 'no link');
  assert.equal(files.realPath('/etc/rc2.d/S01svwiz'), '/etc/init.d/svwiz', 'resolved back to a target path');
  assert.equal(files.realPath('/etc/rc2.d/S01gone'), undefined);
  assert.equal(files.shebangLine('/etc/init.d/svwiz'), '#!/bin/sh -e');
  assert.equal(await files.tail('/var/log/app.log', 7), 'the end');
  assert.equal(await files.tail('/var/log/none.log', 7), '');
  assert.ok(((await files.freeBytes('/var/log')) ?? -1) >= 0);
  assert.equal(await files.freeBytes('/var/nowhere'), undefined);
});

test('positionOf answers from the model (target paths under --root), the raw files only where the model has no object', async () => {
  write('/etc/supervisord.conf', `[supervisord]\nlogfile=/var/log/s.log\npidfile=/run/s.pid\n\n[unix_http_server]\nfile=/run/s.sock\n\n[supervisorctl]\nserverurl=unix:///run/s.sock\n\n[include]\nfiles=/etc/conf.d/*.ini\n`);
  write('/etc/conf.d/web.ini', '; web\n[program:web]\ncommand=/bin/true\nuser=nobody\n');
  const ctx = await gatherContext({ root, configFile: '/etc/supervisord.conf' });
  assert.ok(ctx.config, JSON.stringify(ctx.configError));
  assert.deepEqual(positionOf(ctx, 'program:web', 'user'), { file: '/etc/conf.d/web.ini', line: 4 });
  assert.deepEqual(positionOf(ctx, 'program:web', 'directory'), { file: '/etc/conf.d/web.ini', line: 2 }, 'an unset key: its section header');
  assert.deepEqual(positionOf(ctx, 'supervisord', 'pidfile'), { file: '/etc/supervisord.conf', line: 3 });
  assert.deepEqual(positionOf(ctx, 'unix_http_server', 'file'), { file: '/etc/supervisord.conf', line: 6 });
  assert.deepEqual(positionOf(ctx, 'supervisorctl', 'serverurl'), { file: '/etc/supervisord.conf', line: 9 }, 'from the raw files');
  assert.deepEqual(positionOf(ctx, 'program:none'), {});
});
