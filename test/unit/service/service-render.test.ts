import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planServiceInstall, reloadAfterUninstall, serviceFilePath, sysvRcLinks } from '../../../src/service/plan-install.js';
import { renderSystemdUnit } from '../../../src/service/systemd-unit.js';
import { renderSysvScript } from '../../../src/service/sysv-script.js';
import { servicePath, versionManagerOf } from '../../../src/service/resolve-binaries.js';
import { shebangInterpreter } from '../../../src/system/shebang.js';
import type { ServiceSpec } from '../../../src/service/types.js';

const spec: ServiceSpec = {
  kind: 'systemd',
  name: 'svwiz',
  backend: 'supervisord',
  daemon: { binary: '/usr/local/bin/supervisord', script: null },
  ctl: { binary: '/usr/local/bin/supervisorctl', script: null },
  configFile: '/etc/supervisord.conf',
  pidFile: '/run/svwiz.pid',
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
};

test('systemd unit: Type=exec, -n in the foreground, explicit PATH, right target, man pages, derived stop timeout', () => {
  const unit = renderSystemdUnit(spec);
  assert.match(unit, /^Type=exec$/m);
  assert.match(unit, /^Documentation=man:supervisord\(1\) man:svwiz\(1\)$/m);
  assert.match(renderSystemdUnit({ ...spec, backend: 'svwizd' }), /^Documentation=man:svwizd\(8\) man:svwiz\(1\)$/m);
  assert.match(unit, /^TimeoutStopSec=90$/m, 'a record from before the derived timeout keeps systemd\'s default');
  assert.match(renderSystemdUnit({ ...spec, stopTimeoutSecs: 135 }), /^TimeoutStopSec=135$/m);
  assert.match(unit, /^After=network\.target$/m);
  assert.doesNotMatch(unit, /network-online/, 'no waiting for the network unless asked');
  const online = renderSystemdUnit({ ...spec, networkOnline: true });
  assert.match(online, /^After=network\.target network-online\.target$/m);
  assert.match(online, /^Wants=network-online\.target$/m);
  assert.match(unit, /^ExecStart=\/usr\/local\/bin\/supervisord -n -c \/etc\/supervisord\.conf$/m);
  assert.match(unit, /^Environment=PATH=\/usr\/local\/sbin:\/usr\/local\/bin:\/usr\/sbin:\/usr\/bin:\/sbin:\/bin$/m);
  assert.match(unit, /^WantedBy=multi-user\.target$/m);
  assert.doesNotMatch(unit, /forking|PIDFile/);
  const user = renderSystemdUnit({ ...spec, kind: 'systemd-user', home: '/home/pi', configFile: '/home/pi/my conf/s.conf' });
  assert.match(user, /^WantedBy=default\.target$/m);
  assert.match(user, /^ExecStart=\/usr\/local\/bin\/supervisord -n -c "\/home\/pi\/my conf\/s\.conf"$/m);
  const fromCheckout = renderSystemdUnit({ ...spec, daemon: { binary: '/usr/bin/node', script: '/opt/svwiz/dist/src/bin/svwizd.js' } });
  assert.match(fromCheckout, /^ExecStart=\/usr\/bin\/node \/opt\/svwiz\/dist\/src\/bin\/svwizd\.js -n -c \/etc\/supervisord\.conf$/m);
});

test('SysV script: LSB header, the five actions, DAEMON/SUPERVISORCTL/PATH as resolved', () => {
  const script = renderSysvScript({ ...spec, kind: 'sysv' });
  assert.ok(script.startsWith('#!/bin/sh\n### BEGIN INIT INFO\n'));
  for (const line of ['# Provides:          svwiz', '# Default-Start:     2 3 4 5', '# Default-Stop:      0 1 6', '### END INIT INFO']) {
    assert.ok(script.includes(line), line);
  }
  assert.match(script, /^DAEMON=\/usr\/local\/bin\/supervisord$/m);
  assert.match(script, /^SUPERVISORCTL=\/usr\/local\/bin\/supervisorctl$/m);
  assert.match(script, /^PATH=\/usr\/local\/sbin:/m);
  assert.match(script, /start\|stop\|restart\|status\|force-reload/);
  assert.match(script, /restart\|force-reload\) do_stop && do_start/);
  assert.match(renderSysvScript({ ...spec, kind: 'sysv', configFile: "/etc/it's.conf" }), /^CONFIG='\/etc\/it'\\''s\.conf'$/m);
});

test('install plans: online execs with undo, offline enable links, nothing started under --root', () => {
  const table: [string, ServiceSpec, boolean, string[]][] = [
    ['systemd online', spec, false, ['write /etc/systemd/system/svwiz.service', 'exec systemctl daemon-reload', 'exec systemctl enable --now svwiz.service']],
    [
      'systemd user online',
      { ...spec, kind: 'systemd-user', home: '/home/pi' },
      false,
      ['write /home/pi/.config/systemd/user/svwiz.service', 'exec systemctl --user daemon-reload', 'exec systemctl --user enable --now svwiz.service'],
    ],
    ['systemd offline', spec, true, ['write /etc/systemd/system/svwiz.service', 'symlink /etc/systemd/system/multi-user.target.wants/svwiz.service']],
    ['sysv online', { ...spec, kind: 'sysv' }, false, ['write /etc/init.d/svwiz', 'exec update-rc.d svwiz defaults', 'exec /etc/init.d/svwiz start']],
    ['sysv offline', { ...spec, kind: 'sysv' }, true, ['write /etc/init.d/svwiz', ...sysvRcLinks('svwiz').map((l) => `symlink ${l.path}`)]],
  ];
  for (const [name, s, offline, expected] of table) {
    const plan = planServiceInstall(s, { offline });
    assert.deepEqual(plan.operations.map((op) => (op.kind === 'exec' ? `exec ${op.argv.join(' ')}` : `${op.kind} ${op.path}`)), expected, name);
  }
  const sysv = planServiceInstall({ ...spec, kind: 'sysv' }, { offline: false, tools: { updateRcD: '/usr/sbin/update-rc.d' } });
  const enable = sysv.operations[1] as { undo?: string[] };
  assert.deepEqual(enable.undo, ['/usr/sbin/update-rc.d', '-f', 'svwiz', 'remove']);
  assert.equal((sysv.operations[0] as { mode: number }).mode, 0o755);
  const systemd = planServiceInstall(spec, { offline: false });
  assert.deepEqual((systemd.operations[2] as { undo?: string[] }).undo, ['systemctl', 'disable', '--now', 'svwiz.service']);
  assert.deepEqual(reloadAfterUninstall(spec, { offline: false }).map((op) => op.kind === 'exec' && op.argv.join(' ')), ['systemctl daemon-reload']);
  assert.deepEqual(reloadAfterUninstall({ kind: 'sysv' }, { offline: false }), []);
  assert.equal(serviceFilePath({ kind: 'sysv', name: 'x' }), '/etc/init.d/x');
});

test('version managers, shebangs and the minimal service PATH', () => {
  const managers: [string, string | null][] = [
    ['/home/pi/.nvm/versions/node/v20.1.0/bin/node', '.nvm'],
    ['/root/.pyenv/shims/python3', '.pyenv'],
    ['/home/u/.asdf/shims/node', '.asdf'],
    ['/usr/local/bin/node', null],
    ['/usr/local/n/versions/node/20/bin/node', 'n/versions'],
  ];
  for (const [file, expected] of managers) assert.equal(versionManagerOf(file), expected, file);
  assert.equal(shebangInterpreter('#!/usr/bin/env node'), 'node');
  assert.equal(shebangInterpreter('#!/usr/bin/env -S node --max-old-space-size=100'), 'node');
  assert.equal(shebangInterpreter('#!/usr/bin/python3 -u'), '/usr/bin/python3');
  assert.equal(shebangInterpreter('print(1)'), null);
  assert.equal(servicePath(['/usr/bin', '/opt/sv/bin', '/opt/sv/bin']), '/opt/sv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
});

test('low-memory mode: svwizd runs with a small V8 nursery in the unit and the SysV script; Python supervisord and the default are untouched', () => {
  const svwizd: ServiceSpec = { ...spec, backend: 'svwizd', daemon: { binary: '/usr/bin/node', script: '/usr/lib/node_modules/svwiz/dist/src/bin/svwizd.js' } };
  assert.match(renderSystemdUnit({ ...svwizd, lowMemory: true }), /^ExecStart=\/usr\/bin\/node --max-semi-space-size=1 \/usr\/lib\/node_modules\/svwiz\/dist\/src\/bin\/svwizd\.js -n -c \/etc\/supervisord\.conf$/m);
  assert.match(renderSystemdUnit(svwizd), /^ExecStart=\/usr\/bin\/node \/usr\/lib\/node_modules\/svwiz\/dist\/src\/bin\/svwizd\.js -n/m);
  assert.match(renderSystemdUnit({ ...spec, lowMemory: true }), /^ExecStart=\/usr\/local\/bin\/supervisord -n -c/m, 'no node flags for Python supervisord');
  const script = renderSysvScript({ ...svwizd, kind: 'sysv', lowMemory: true });
  assert.match(script, /^NODE_FLAGS=--max-semi-space-size=1$/m);
  assert.match(script, /"\$DAEMON" \$NODE_FLAGS \$DAEMON_SCRIPT -n -c "\$CONFIG"/);
  assert.match(renderSysvScript({ ...svwizd, kind: 'sysv' }), /^NODE_FLAGS=$/m);
});
