/** `npx svwiz init` would write npx's cache path into the boot service: init refuses and names the fix. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { runSvwiz, snapshotTree } from '../../helpers/wizard-cli.js';
import { isInNpxCache } from '../../../src/service/resolve-binaries.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeTempDir));

const NPX_BIN = '/root/.npm/_npx/5c4f3e2a1b0d9e8f/node_modules/.bin';

/** A SysV target whose only svwizd/svwizctl are npx's (as PATH looks inside `npx svwiz init`). */
function npxRoot(linkFromUsrLocal: boolean): string {
  const root = makeTempDir('wznpx');
  dirs.push(root);
  for (const dir of ['etc/init.d', 'sbin', 'bin', 'usr/bin', 'usr/local/bin', NPX_BIN.slice(1)]) mkdirSync(path.join(root, dir), { recursive: true });
  copyFileSync('/etc/passwd', path.join(root, 'etc/passwd'));
  copyFileSync('/etc/group', path.join(root, 'etc/group'));
  writeFileSync(path.join(root, 'bin/sh'), '');
  chmodSync(path.join(root, 'bin/sh'), 0o755);
  for (const name of ['svwizd', 'svwizctl']) {
    const file = path.join(root, NPX_BIN.slice(1), name);
    writeFileSync(file, '#!/usr/bin/env node\n');
    chmodSync(file, 0o755);
    // A link from a standard dir into the cache is just as fragile: the real path decides.
    if (linkFromUsrLocal) symlinkSync(file, path.join(root, 'usr/local/bin', name));
  }
  return root;
}

for (const [label, linked, pathDirs] of [
  ['on PATH from npx', false, `${NPX_BIN}:/usr/bin:/bin`],
  ['linked from /usr/local/bin', true, '/usr/local/bin:/usr/bin:/bin'],
] as const) {
  test(`init refuses a svwizd inside npx's cache (${label}) and changes nothing`, async () => {
    const root = npxRoot(linked);
    const before = snapshotTree(root);
    const result = await runSvwiz(['init', '--root', root, '--yes', '--backend', 'svwizd', '--service', 'sysv'], {
      env: { PATH: `${pathDirs}:${process.env.PATH}`, SVWIZ_BACKUP_DIR: path.join(root, 'backups') },
    });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stderr, /^Error: .*svwizd is inside npx's cache/m);
    assert.match(result.stderr, /npm install -g svwiz/);
    assert.doesNotMatch(result.stderr, /Internal error/);
    assert.deepEqual(snapshotTree(root), before, 'nothing was written');
  });
}

test('npx cache paths are recognised by their _npx directory only', () => {
  const cases: [string, boolean][] = [
    ['/root/.npm/_npx/5c4f3e2a/node_modules/.bin/svwizd', true],
    ['/home/pi/.npm/_npx/ab/node_modules/svwiz/dist/src/daemon/svwizd.js', true],
    ['/usr/local/bin/svwizd', false],
    ['/usr/lib/node_modules/svwiz/dist/src/daemon/svwizd.js', false],
    ['/opt/my_npx_tools/svwizd', false],
  ];
  for (const [file, expected] of cases) assert.equal(isInNpxCache(file), expected, file);
});
