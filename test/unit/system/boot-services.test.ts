import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  expandShellVariables,
  findSupervisorBootServices,
  parseSystemdUnit,
  parseSysvScript,
  shellAssignments,
} from '../../../src/system/boot-services.js';
import { renderSysvScript } from '../../../src/service/sysv-script.js';
import { renderSystemdUnit } from '../../../src/service/systemd-unit.js';
import type { ServiceSpec } from '../../../src/service/types.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

test('sh expansion: $X, ${X}, ${X-d}, ${X:-d}, quotes, and assignments in order', () => {
  const vars = new Map([['NAME', 'supervisord'], ['EMPTY', '']]);
  const table: [string, string][] = [
    ['/usr/bin/$NAME', '/usr/bin/supervisord'],
    ['/usr/bin/${NAME}', '/usr/bin/supervisord'],
    ['${MISSING-/usr/bin/supervisord}', '/usr/bin/supervisord'],
    ['${EMPTY-kept}', ''],
    ['${EMPTY:-/etc/supervisord.conf}', '/etc/supervisord.conf'],
    ['$MISSING/x', '/x'],
  ];
  for (const [input, expected] of table) assert.equal(expandShellVariables(input, vars), expected, input);
  const assigned = shellAssignments('NAME=supervisord\nDAEMON=/usr/bin/$NAME\nDAEMON_OPTS="-c /etc/s.conf $DAEMON_OPTS"\nQ=\'$NAME literal\'\nexport P=/x:$PATH_NOT_SET # comment\n');
  assert.equal(assigned.get('DAEMON'), '/usr/bin/supervisord');
  assert.equal(assigned.get('DAEMON_OPTS'), '-c /etc/s.conf ');
  assert.equal(assigned.get('Q'), '$NAME literal');
  assert.equal(assigned.get('P'), '/x:');
});

test('Debian\'s own init script and unit, read from the supervisor package installed here', () => {
  const script = readFileSync('/etc/init.d/supervisor', 'utf8');
  assert.deepEqual(parseSysvScript('supervisor', '/etc/init.d/supervisor', script), {
    kind: 'sysv', name: 'supervisor', file: '/etc/init.d/supervisor', backend: 'supervisord', daemon: '/usr/bin/supervisord', configFile: '/etc/supervisor/supervisord.conf',
  });
  const unit = readFileSync('/lib/systemd/system/supervisor.service', 'utf8');
  assert.deepEqual(parseSystemdUnit('supervisor', '/lib/systemd/system/supervisor.service', unit), {
    kind: 'systemd', name: 'supervisor', file: '/lib/systemd/system/supervisor.service', backend: 'supervisord', daemon: '/usr/bin/supervisord', configFile: '/etc/supervisor/supervisord.conf',
  });
});

test('the upstream initscript (NAME=supervisord, DAEMON=/usr/bin/$NAME), Red Hat\'s, a bare start line, and a script that runs something else', () => {
  // As the official initscripts order it: NAME first, then DAEMON=/usr/bin/$NAME.
  const upstream = readFileSync(path.join(REPO, 'fixtures/doctor/init-script.template'), 'utf8')
    .replace('NAME=supervisord\n', '')
    .replace('DAEMON=@DAEMON@', 'NAME=supervisord\nDAEMON=/usr/bin/$NAME')
    .replace('@CONF@', '/etc/supervisord.conf');
  const parsed = parseSysvScript('supervisord', '/etc/init.d/supervisord', upstream);
  assert.equal(parsed?.daemon, '/usr/bin/supervisord', 'the $NAME is expanded');
  assert.equal(parsed?.configFile, '/etc/supervisord.conf');
  // sh expands in order: a $NAME used before NAME is set is empty, and so is the daemon path.
  const misordered = '#!/bin/sh\nDAEMON=/usr/bin/$NAME\nNAME=supervisord\ncase "$1" in start) $DAEMON -c /etc/s.conf ;; esac\n';
  assert.equal(parseSysvScript('s', 'f', misordered), undefined, 'it runs /usr/bin/, not a supervisor');
  const redHat = '#!/bin/sh\n. /etc/rc.d/init.d/functions\nsupervisord=${SUPERVISORD-/usr/bin/supervisord}\nOPTIONS="${OPTIONS:--c /etc/supervisord.conf}"\nstart() { daemon --pidfile=${pidfile} $supervisord $OPTIONS; }\n';
  assert.deepEqual(parseSysvScript('supervisord', '/etc/rc.d/init.d/supervisord', redHat)?.daemon, '/usr/bin/supervisord');
  assert.equal(parseSysvScript('supervisord', 'f', redHat)?.configFile, '/etc/supervisord.conf');
  const bare = '#!/bin/sh\ncase "$1" in\n start) /usr/local/bin/supervisord -c /etc/supervisor/supervisord.conf ;;\nesac\n';
  assert.deepEqual(parseSysvScript('sup', 'f', bare), { kind: 'sysv', name: 'sup', file: 'f', backend: 'supervisord', daemon: '/usr/local/bin/supervisord', configFile: '/etc/supervisor/supervisord.conf' });
  assert.equal(parseSysvScript('cron', 'f', '#!/bin/sh\nDAEMON=/usr/sbin/cron\n'), undefined);
  // A sourced defaults file may change what runs.
  const sourcing = '#!/bin/sh\nNAME=supervisord\nDAEMON=/usr/bin/$NAME\n[ -r /etc/default/$NAME ] && . /etc/default/$NAME\n';
  const viaDefaults = parseSysvScript('s', 'f', sourcing, (file) => (file === '/etc/default/supervisord' ? 'DAEMON_OPTS="-c /srv/sup.conf"\n' : undefined));
  assert.equal(viaDefaults?.configFile, '/srv/sup.conf');
});

const spec: ServiceSpec = {
  kind: 'sysv',
  name: 'svwiz',
  backend: 'svwizd',
  daemon: { binary: '/usr/bin/node', script: '/usr/lib/node_modules/svwiz/dist/src/bin/svwizd.js' },
  ctl: { binary: '/usr/bin/node', script: '/usr/lib/node_modules/svwiz/dist/src/bin/svwizctl.js' },
  configFile: '/etc/supervisord.conf',
  pidFile: '/run/svwiz.pid',
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
};

test('svwiz\'s own script and unit (any name: svwiz) are recognised as svwizd services', () => {
  const script = parseSysvScript('svwiz', '/etc/init.d/svwiz', renderSysvScript(spec));
  assert.equal(script?.backend, 'svwizd');
  assert.equal(script?.daemon, '/usr/bin/node');
  assert.equal(script?.daemonScript, spec.daemon.script);
  assert.equal(script?.configFile, '/etc/supervisord.conf');
  const unit = parseSystemdUnit('svwiz', '/etc/systemd/system/svwiz.service', renderSystemdUnit({ ...spec, kind: 'systemd' }));
  assert.equal(unit?.backend, 'svwizd');
  assert.equal(unit?.daemonScript, spec.daemon.script);
  assert.equal(unit?.configFile, '/etc/supervisord.conf');
});

test('findSupervisorBootServices under a root: every name, enabled from rc links and .wants links', () => {
  const root = makeTempDir('svw-boot');
  try {
    const put = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    };
    put('/etc/init.d/supervisor', readFileSync('/etc/init.d/supervisor', 'utf8'));
    put('/etc/init.d/my-supervisor', '#!/bin/sh\nNAME=supervisord\nDAEMON=/usr/local/bin/$NAME\nDAEMON_ARGS="-c /etc/supervisord.conf"\n');
    put('/etc/init.d/cron', '#!/bin/sh\nDAEMON=/usr/sbin/cron\n');
    mkdirSync(path.join(root, 'etc/rc2.d'), { recursive: true });
    symlinkSync('../init.d/my-supervisor', path.join(root, 'etc/rc2.d/S90my-supervisor'));
    put('/lib/systemd/system/supervisor.service', readFileSync('/lib/systemd/system/supervisor.service', 'utf8'));
    mkdirSync(path.join(root, 'etc/systemd/system/multi-user.target.wants'), { recursive: true });
    symlinkSync('/lib/systemd/system/supervisor.service', path.join(root, 'etc/systemd/system/multi-user.target.wants/supervisor.service'));
    const found = findSupervisorBootServices(root).map((s) => [s.kind, s.name, s.daemon, s.configFile, s.enabled]);
    assert.deepEqual(found, [
      ['sysv', 'my-supervisor', '/usr/local/bin/supervisord', '/etc/supervisord.conf', true],
      ['sysv', 'supervisor', '/usr/bin/supervisord', '/etc/supervisor/supervisord.conf', false],
      ['systemd', 'supervisor', '/usr/bin/supervisord', '/etc/supervisor/supervisord.conf', true],
    ]);
  } finally {
    removeTempDir(root);
  }
});
