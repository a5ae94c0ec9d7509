/**
 * The two run-time layouts of the package (tsc build and single-file bundle), and that the build
 * the tests run from finds the real package files through it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BUNDLED, layoutFrom, packageLayout } from '../../../src/process/package-layout.js';
import { readPackageVersion } from '../../../src/process/package-version.js';
import { REPO_ROOT } from '../../helpers/bins.js';

test('the tsc build and the bundle each find the root, the sibling scripts and the web assets', () => {
  const cases: [string, boolean, { root: string; svwizd: string; rpcAction: string; assets: string }][] = [
    [
      '/usr/lib/node_modules/svwiz/dist/src/process/package-layout.js',
      false,
      {
        root: '/usr/lib/node_modules/svwiz',
        svwizd: '/usr/lib/node_modules/svwiz/dist/src/bin/svwizd.js',
        rpcAction: '/usr/lib/node_modules/svwiz/dist/src/bin/rpc-action.js',
        assets: '/usr/lib/node_modules/svwiz/assets/web',
      },
    ],
    [
      '/usr/lib/node_modules/svwiz/bundle/svwiz.js',
      true,
      {
        root: '/usr/lib/node_modules/svwiz',
        svwizd: '/usr/lib/node_modules/svwiz/bundle/svwizd.js',
        rpcAction: '/usr/lib/node_modules/svwiz/bundle/rpc-action.js',
        assets: '/usr/lib/node_modules/svwiz/assets/web',
      },
    ],
    [
      '/opt/svwiz/bundle/rpc-action.js',
      true,
      { root: '/opt/svwiz', svwizd: '/opt/svwiz/bundle/svwizd.js', rpcAction: '/opt/svwiz/bundle/rpc-action.js', assets: '/opt/svwiz/assets/web' },
    ],
  ];
  for (const [file, bundled, want] of cases) {
    const layout = layoutFrom(file, bundled);
    assert.deepEqual(
      { root: layout.root, svwizd: layout.script('svwizd'), rpcAction: layout.script('rpc-action'), assets: layout.webAssetsDir },
      want,
      file,
    );
  }
});

test('the tests run the tsc build, and its layout points at this checkout', () => {
  assert.equal(BUNDLED, false);
  const layout = packageLayout();
  assert.equal(layout.root, REPO_ROOT);
  for (const name of ['svwiz', 'svwizd', 'svwizctl', 'rpc-action'] as const) assert.ok(existsSync(layout.script(name)), name);
  assert.ok(existsSync(path.join(layout.webAssetsDir, 'index.html')));
  const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(readPackageVersion(), version);
});
