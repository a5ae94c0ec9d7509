/**
 * Low-memory mode for an installed svwizd (`npm install -g`): the bin's `#!` cannot carry V8 flags,
 * so the unit and the SysV script run node with the flag and the bin's real file. Without the mode
 * the service is exactly what it was.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { daemonLaunch, lowMemoryUnreachable } from '../../../src/service/low-memory.js';
import { resolveServiceBinaries } from '../../../src/service/resolve-binaries.js';
import { renderSystemdUnit } from '../../../src/service/systemd-unit.js';
import { renderSysvScript } from '../../../src/service/sysv-script.js';
import { parseSystemdUnit, parseSysvScript } from '../../../src/system/boot-services.js';
import type { ServiceSpec } from '../../../src/service/types.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const BUNDLE = '/usr/lib/node_modules/svwiz/bundle/svwizd.js';

/** What resolve-binaries.ts gives for an npm-installed svwizd whose `#!/usr/bin/env node` found /usr/bin/node. */
const installed: ServiceSpec = {
  kind: 'systemd',
  name: 'svwiz',
  backend: 'svwizd',
  daemon: { binary: '/usr/bin/svwizd', script: null, node: { binary: '/usr/bin/node', script: BUNDLE } },
  ctl: { binary: '/usr/bin/svwizctl', script: null, node: { binary: '/usr/bin/node', script: '/usr/lib/node_modules/svwiz/bundle/svwizctl.js' } },
  configFile: '/etc/supervisord.conf',
  pidFile: '/run/svwiz.pid',
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
};

function execStart(unit: string): string | undefined {
  return /^ExecStart=(.*)$/m.exec(unit)?.[1];
}

function sysvVars(script: string): string[] {
  return script.split('\n').filter((line) => /^(DAEMON|DAEMON_SCRIPT|NODE_FLAGS|SUPERVISORCTL|SUPERVISORCTL_SCRIPT)=/.test(line));
}

test('systemd unit of an installed svwizd: node, the flag and the real bundle with low memory; the bin itself without', () => {
  assert.equal(execStart(renderSystemdUnit({ ...installed, lowMemory: true })), `/usr/bin/node --max-semi-space-size=1 ${BUNDLE} -n -c /etc/supervisord.conf`);
  assert.equal(execStart(renderSystemdUnit(installed)), '/usr/bin/svwizd -n -c /etc/supervisord.conf');
  assert.equal(execStart(renderSystemdUnit({ ...installed, lowMemory: false })), '/usr/bin/svwizd -n -c /etc/supervisord.conf');
  // Python supervisord never gets node flags, whatever its bin is.
  const python: ServiceSpec = { ...installed, backend: 'supervisord', daemon: { binary: '/usr/bin/supervisord', script: null }, lowMemory: true };
  assert.equal(execStart(renderSystemdUnit(python)), '/usr/bin/supervisord -n -c /etc/supervisord.conf');
});

test('SysV script of an installed svwizd: DAEMON is node with the flag and the bundle with low memory; unchanged without', () => {
  const sysv: ServiceSpec = { ...installed, kind: 'sysv' };
  assert.deepEqual(sysvVars(renderSysvScript({ ...sysv, lowMemory: true })), [
    'DAEMON=/usr/bin/node',
    `DAEMON_SCRIPT=${BUNDLE}`,
    'NODE_FLAGS=--max-semi-space-size=1',
    // svwizctl is a client: it keeps its bin.
    'SUPERVISORCTL=/usr/bin/svwizctl',
    'SUPERVISORCTL_SCRIPT=',
  ]);
  assert.deepEqual(sysvVars(renderSysvScript(sysv)), ['DAEMON=/usr/bin/svwizd', 'DAEMON_SCRIPT=', 'NODE_FLAGS=', 'SUPERVISORCTL=/usr/bin/svwizctl', 'SUPERVISORCTL_SCRIPT=']);
});

test('what svwiz reads back from its own low-memory unit and script is still its svwizd service for this config', () => {
  for (const facts of [
    parseSystemdUnit('svwiz', '/etc/systemd/system/svwiz.service', renderSystemdUnit({ ...installed, lowMemory: true })),
    parseSysvScript('svwiz', '/etc/init.d/svwiz', renderSysvScript({ ...installed, kind: 'sysv', lowMemory: true })),
  ]) {
    assert.equal(facts?.backend, 'svwizd');
    assert.equal(facts?.daemon, '/usr/bin/node');
    assert.equal(facts?.daemonScript, BUNDLE);
    assert.equal(facts?.configFile, '/etc/supervisord.conf');
  }
});

test('a bin whose #! is not node cannot take the flag: said, not silently dropped; a bundle path with blanks is refused', () => {
  const wrapper: ServiceSpec = { ...installed, daemon: { binary: '/opt/sv/bin/svwizd', script: null }, lowMemory: true };
  assert.deepEqual(daemonLaunch(wrapper), { binary: '/opt/sv/bin/svwizd', nodeFlags: [], script: null });
  assert.match(lowMemoryUnreachable(wrapper) ?? '', /low-memory mode is off for \/opt\/sv\/bin\/svwizd: its #! line does not name node/);
  assert.equal(lowMemoryUnreachable({ ...installed, lowMemory: true }), null);
  assert.equal(lowMemoryUnreachable({ ...wrapper, lowMemory: false }), null);
  const spaced: ServiceSpec = { ...installed, daemon: { ...installed.daemon, node: { binary: '/usr/bin/node', script: '/opt/my apps/svwizd.js' } }, lowMemory: true };
  assert.throws(() => renderSystemdUnit(spaced), /contains whitespace \(\/opt\/my apps\/svwizd\.js\).*--no-low-memory/);
  assert.equal(execStart(renderSystemdUnit({ ...spaced, lowMemory: false })), '/usr/bin/svwizd -n -c /etc/supervisord.conf', 'without the mode the path does not matter');
});

const dirs: string[] = [];
after(() => dirs.forEach(removeTempDir));

/** A target tree as `npm install -g` leaves it: bins are relative symlinks into the package, `#!/usr/bin/env node`. */
function npmTree(binDir: string, shebang = '#!/usr/bin/env node'): string {
  const root = makeTempDir('wzlm');
  dirs.push(root);
  const pkg = path.join(root, 'usr/lib/node_modules/svwiz/bundle');
  mkdirSync(pkg, { recursive: true });
  mkdirSync(path.join(root, binDir), { recursive: true });
  for (const name of ['svwizd', 'svwizctl']) {
    writeFileSync(path.join(pkg, `${name}.js`), `${shebang}\n`, { mode: 0o755 });
    symlinkSync(path.relative(path.join(root, binDir), path.join(pkg, `${name}.js`)), path.join(root, binDir, name));
  }
  writeFileSync(path.join(root, 'usr/bin/node'), '', { mode: 0o755 });
  return root;
}

test('resolving an npm-installed svwizd: the bin for today, and node plus its real file for node flags', () => {
  const root = npmTree('usr/bin');
  const resolved = resolveServiceBinaries({ backend: 'svwizd', PATH: '/usr/bin', root });
  assert.deepEqual(resolved.daemon, { binary: '/usr/bin/svwizd', script: null, node: { binary: '/usr/bin/node', script: BUNDLE } });
  assert.deepEqual(resolved.ctl.node, { binary: '/usr/bin/node', script: '/usr/lib/node_modules/svwiz/bundle/svwizctl.js' });
  // An absolute #! names node itself.
  const absolute = resolveServiceBinaries({ backend: 'svwizd', PATH: '/usr/bin', root: npmTree('usr/bin', '#!/usr/bin/node') });
  assert.deepEqual(absolute.daemon.node, { binary: '/usr/bin/node', script: BUNDLE });
  // A bin that is not a node script has no node form.
  const shRoot = npmTree('usr/bin', '#!/bin/sh');
  assert.equal(resolveServiceBinaries({ backend: 'svwizd', PATH: '/usr/bin', root: shRoot }).daemon.node, undefined);
});

test('resolving a bin that links into npx cache is still refused', () => {
  const root = makeTempDir('wzlm');
  dirs.push(root);
  const cache = path.join(root, 'root/.npm/_npx/0a1b/node_modules/svwiz/bundle');
  mkdirSync(cache, { recursive: true });
  mkdirSync(path.join(root, 'usr/bin'), { recursive: true });
  writeFileSync(path.join(root, 'usr/bin/node'), '', { mode: 0o755 });
  for (const name of ['svwizd', 'svwizctl']) {
    writeFileSync(path.join(cache, `${name}.js`), '#!/usr/bin/env node\n', { mode: 0o755 });
    symlinkSync(path.relative(path.join(root, 'usr/bin'), path.join(cache, `${name}.js`)), path.join(root, 'usr/bin', name));
  }
  assert.throws(() => resolveServiceBinaries({ backend: 'svwizd', PATH: '/usr/bin', root }), /inside npx's cache/);
});
