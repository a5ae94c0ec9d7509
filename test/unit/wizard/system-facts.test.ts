import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { classifyInitSystem, containerFromMarkers, detectInitSystem, type InitSystemProbe } from '../../../src/system/init-system.js';
import { distroFromOsRelease, parseDeviceTreeModel, parseOsRelease, piModelOf, unameArch, detectPlatform } from '../../../src/system/platform.js';
import { which, whichAll } from '../../../src/system/which.js';
import { includeGlobsOf, parseVersionOutput } from '../../../src/system/installs.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const probe = (over: Partial<InitSystemProbe>): InitSystemProbe => ({
  pid1Comm: null,
  runSystemdSystem: false,
  containerMarkers: [],
  sbinInitTarget: null,
  hasEtcInitD: false,
  hasOpenrc: false,
  offline: false,
  ...over,
});

test('init system comes from PID 1, not from tools on PATH', () => {
  const cases: [string, Partial<InitSystemProbe>, string, string | null][] = [
    ['systemd as PID 1', { pid1Comm: 'systemd\n', runSystemdSystem: true }, 'systemd', null],
    ['/run/systemd/system alone', { pid1Comm: 'init', runSystemdSystem: true }, 'systemd', null],
    ['sysvinit', { pid1Comm: 'init\n', hasEtcInitD: true }, 'sysv', null],
    ['openrc', { pid1Comm: 'init', hasOpenrc: true, hasEtcInitD: true }, 'openrc', null],
    ['docker with a shell as PID 1', { pid1Comm: 'bash', containerMarkers: ['/.dockerenv'], hasEtcInitD: true }, 'none', 'docker'],
    ['podman with tini', { pid1Comm: 'tini', containerMarkers: ['/run/.containerenv'] }, 'none', 'podman'],
    ['systemd inside lxc', { pid1Comm: 'systemd', runSystemdSystem: true, containerMarkers: ['env:container=lxc'] }, 'systemd', 'lxc'],
    ['unknown PID 1 outside containers', { pid1Comm: 'runit' }, 'other', null],
    ['offline tree with systemd /sbin/init', { offline: true, sbinInitTarget: '/lib/systemd/systemd', hasEtcInitD: true }, 'systemd', null],
    ['offline tree with init.d only', { offline: true, sbinInitTarget: '/sbin/init', hasEtcInitD: true }, 'sysv', null],
  ];
  for (const [name, over, kind, container] of cases) {
    const facts = classifyInitSystem(probe(over));
    assert.equal(facts.kind, kind, name);
    assert.equal(facts.container, container, name);
    assert.ok(facts.evidence.length > 0, name);
  }
});

test('container markers name the runtime', () => {
  assert.equal(containerFromMarkers(['cgroup:kubepods']), 'kubernetes');
  assert.equal(containerFromMarkers(['env:container=systemd-nspawn']), 'systemd-nspawn');
  assert.equal(containerFromMarkers([]), null);
});

test('detectInitSystem under --root reads the target tree', () => {
  const dir = makeTempDir('wzi');
  try {
    mkdirSync(path.join(dir, 'sbin'));
    mkdirSync(path.join(dir, 'etc/init.d'), { recursive: true });
    symlinkSync('/lib/systemd/systemd', path.join(dir, 'sbin/init'));
    assert.equal(detectInitSystem(dir).kind, 'systemd');
  } finally {
    removeTempDir(dir);
  }
});

test('os-release, device-tree model and arch parsing', () => {
  const fields = parseOsRelease('PRETTY_NAME="Raspbian GNU/Linux 11 (bullseye)"\nID=raspbian\nID_LIKE=debian\nVERSION_ID="11"\n# c\n');
  assert.deepEqual(distroFromOsRelease(fields), { id: 'raspbian', versionId: '11', prettyName: 'Raspbian GNU/Linux 11 (bullseye)', like: ['debian'] });
  assert.equal(distroFromOsRelease({}), null);
  assert.equal(parseDeviceTreeModel('Raspberry Pi 4 Model B Rev 1.4\0'), 'Raspberry Pi 4 Model B Rev 1.4');
  assert.equal(parseDeviceTreeModel('\0'), null);
  assert.equal(piModelOf('Raspberry Pi Zero 2 W Rev 1.0'), 'Raspberry Pi Zero 2 W Rev 1.0');
  assert.equal(piModelOf('Pine64 RockPro64'), null);
  assert.equal(unameArch('arm64'), 'aarch64');
  assert.equal(unameArch('arm'), 'armv7l');
});

test('detectPlatform reads the Pi model from the device tree under --root', async () => {
  const dir = makeTempDir('wzp');
  try {
    mkdirSync(path.join(dir, 'proc/device-tree'), { recursive: true });
    mkdirSync(path.join(dir, 'etc'));
    writeFileSync(path.join(dir, 'proc/device-tree/model'), 'Raspberry Pi 3 Model B Plus Rev 1.3\0');
    writeFileSync(path.join(dir, 'etc/os-release'), 'ID=debian\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n');
    const facts = await detectPlatform(dir);
    assert.equal(facts.piModel, 'Raspberry Pi 3 Model B Plus Rev 1.3');
    assert.equal(facts.distro?.id, 'debian');
  } finally {
    removeTempDir(dir);
  }
});

test('which finds executables in PATH order and honours --root', () => {
  const dir = makeTempDir('wzw');
  try {
    for (const sub of ['a', 'b', 'c']) mkdirSync(path.join(dir, sub));
    writeFileSync(path.join(dir, 'a/tool'), 'not executable');
    writeFileSync(path.join(dir, 'b/tool'), '#!/bin/sh\n');
    chmodSync(path.join(dir, 'b/tool'), 0o755);
    writeFileSync(path.join(dir, 'c/tool'), '#!/bin/sh\n');
    chmodSync(path.join(dir, 'c/tool'), 0o755);
    const PATH = ['a', 'b', 'c'].map((s) => path.join(dir, s)).join(':');
    assert.equal(which('tool', PATH), path.join(dir, 'b/tool'));
    assert.deepEqual(whichAll('tool', PATH), [path.join(dir, 'b/tool'), path.join(dir, 'c/tool')]);
    assert.equal(which('tool', '/a:/b', dir), '/b/tool');
    assert.equal(which('missing', PATH), undefined);
    assert.equal(which(path.join(dir, 'c/tool'), ''), path.join(dir, 'c/tool'));
  } finally {
    removeTempDir(dir);
  }
});

test('installs: version output and include globs', () => {
  assert.equal(parseVersionOutput('4.2.5\n'), '4.2.5');
  assert.equal(parseVersionOutput('nothing'), null);
  assert.deepEqual(includeGlobsOf('[include]\nfiles = /etc/supervisor/conf.d/*.conf\n   /x/*.ini\n[x]\nfiles=no\n'), ['/etc/supervisor/conf.d/*.conf', '/x/*.ini']);
});
