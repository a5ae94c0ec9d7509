/**
 * The doctor's raw view of the config files and the loader read `[include]` by one set of rules
 * (src/config/include-files.ts): the same files in the same order, and under `--root` the same
 * files as target-system paths.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadSupervisorConfigSync } from '../../../src/config/load.js';
import { readRawFiles } from '../../../src/doctor/context.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeTempDir));

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

test('the doctor reads the files the loader includes, in its order (globs, ENV_x, %% and duplicates)', () => {
  const dir = makeTempDir('drf');
  dirs.push(dir);
  const main = path.join(dir, 'etc', 'supervisord.conf');
  write(main, `[supervisord]\nlogfile=${dir}/s.log\npidfile=${dir}/s.pid\n\n[include]\nfiles = conf.d/*.ini %(ENV_EXTRA)s/*.conf conf.d/b.ini per%%cent/*.ini\n`);
  write(path.join(dir, 'etc', 'conf.d', 'b.ini'), '[program:b]\ncommand=/bin/true\n');
  write(path.join(dir, 'etc', 'conf.d', 'a.ini'), '[program:a]\ncommand=/bin/true\n');
  write(path.join(dir, 'extra', 'c.conf'), '[program:c]\ncommand=/bin/true\n');
  write(path.join(dir, 'etc', 'per%cent', 'd.ini'), '[program:d]\ncommand=/bin/true\n');
  const env = { EXTRA: path.join(dir, 'extra') };
  const loaded = loadSupervisorConfigSync(main, { env });
  const raw = readRawFiles(main, '/', env).map((f) => f.file);
  assert.deepEqual(raw, loaded.files);
  assert.deepEqual(raw.map((f) => path.relative(dir, f)), ['etc/supervisord.conf', 'etc/conf.d/a.ini', 'etc/conf.d/b.ini', 'extra/c.conf', 'etc/per%cent/d.ini']);
});

test('under --root the included files are target paths, found inside the root', () => {
  const root = makeTempDir('drr');
  dirs.push(root);
  write(path.join(root, 'etc/supervisor/supervisord.conf'), '[supervisord]\n\n[include]\nfiles = conf.d/*.conf /srv/apps/*.conf\n');
  write(path.join(root, 'etc/supervisor/conf.d/web.conf'), '[program:web]\ncommand=/bin/true\n');
  write(path.join(root, 'srv/apps/job.conf'), '[program:job]\ncommand=/bin/true\n');
  const raw = readRawFiles('/etc/supervisor/supervisord.conf', root, {});
  assert.deepEqual(raw.map((f) => [f.file, f.ini?.sections.map((s) => s.name)]), [
    ['/etc/supervisor/supervisord.conf', ['supervisord', 'include']],
    ['/etc/supervisor/conf.d/web.conf', ['program:web']],
    ['/srv/apps/job.conf', ['program:job']],
  ]);
});

test('an include value the loader rejects (unknown %(name)s) names no files for the doctor either', () => {
  const dir = makeTempDir('dru');
  dirs.push(dir);
  const main = path.join(dir, 'supervisord.conf');
  write(main, '[supervisord]\n\n[include]\nfiles = %(ENV_NOPE)s/*.conf\n');
  assert.throws(() => loadSupervisorConfigSync(main, { env: {} }), /ENV_NOPE/);
  assert.deepEqual(readRawFiles(main, '/', {}).map((f) => f.file), [main]);
});
