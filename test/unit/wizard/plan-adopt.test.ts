/** The adoption planner (#13): given what exists and the choice, the defaults and operations of `svwiz init`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planAdoption, restartArgv, type AdoptionContext } from '../../../src/wizard/plan-adopt.js';
import type { ExistingSupervisor } from '../../../src/wizard/existing-supervisor.js';
import { describeOperation } from '../../../src/plan/render.js';

const SEARCH = ['/etc/supervisord.conf', '/etc/supervisor/supervisord.conf'];
const online: AdoptionContext = { offline: false, defaultConfigFile: '/etc/supervisord.conf', ownConfigFile: '/etc/svwiz/supervisord.conf', searchPaths: SEARCH, systemctl: '/usr/bin/systemctl' };
const offline: AdoptionContext = { ...online, offline: true, systemctl: undefined };

/** Debian's `apt install supervisor`: running, supervisor.service enabled, the init script with rc links too. */
function debian(overrides: Partial<ExistingSupervisor> = {}): ExistingSupervisor {
  return {
    configFile: '/etc/supervisor/supervisord.conf',
    firstInSearchOrder: '/etc/supervisor/supervisord.conf',
    includePatterns: ['/etc/supervisor/conf.d/*.conf'],
    includedPrograms: ['program:web', 'program:worker'],
    mainFilePrograms: [],
    running: [{ pid: 4242, backend: 'supervisord', configFile: '/etc/supervisor/supervisord.conf', argv: ['/usr/bin/python3', '/usr/bin/supervisord', '-n', '-c', '/etc/supervisor/supervisord.conf'], serverUrls: [] }],
    services: [
      { kind: 'systemd', name: 'supervisor', file: '/lib/systemd/system/supervisor.service', backend: 'supervisord', daemon: '/usr/bin/supervisord', configFile: '/etc/supervisor/supervisord.conf', enabled: true, daemonMissing: false, links: ['/etc/systemd/system/multi-user.target.wants/supervisor.service'] },
      { kind: 'sysv', name: 'supervisor', file: '/etc/init.d/supervisor', backend: 'supervisord', daemon: '/usr/bin/supervisord', enabled: true, daemonMissing: false, links: ['/etc/rc0.d/K01supervisor', '/etc/rc2.d/S01supervisor'] },
    ],
    ...overrides,
  };
}

test('adopt on Debian: the config in place (what plain supervisorctl reads), its conf.d glob kept, the unit stopped, every enable link removed', () => {
  const plan = planAdoption(debian(), 'adopt', online);
  assert.equal(plan.configFile, '/etc/supervisor/supervisord.conf');
  assert.equal(plan.backend, 'svwizd');
  assert.deepEqual(plan.extraIncludePatterns, ['/etc/supervisor/conf.d/*.conf']);
  assert.deepEqual(plan.stoppedPids, [4242]);
  assert.deepEqual(plan.operations.map(describeOperation), [
    '/usr/bin/systemctl stop supervisor.service  # stop the old supervisor (supervisor.service)',
    'rm /etc/systemd/system/multi-user.target.wants/supervisor.service  # disable supervisor.service at boot (the link is backed up)',
    'rm /etc/rc0.d/K01supervisor  # disable /etc/init.d/supervisor at boot (the link is backed up)',
    'rm /etc/rc2.d/S01supervisor  # disable /etc/init.d/supervisor at boot (the link is backed up)',
    '/usr/bin/systemctl daemon-reload  # make systemd see the disabled unit',
  ]);
  const stop = plan.operations[0]!;
  assert.deepEqual(stop.kind === 'exec' && stop.undo, ['/usr/bin/systemctl', 'start', 'supervisor.service'], 'undo starts it again');
});

test('python keeps supervisord as the backend with the same operations', () => {
  const adopt = planAdoption(debian(), 'adopt', online);
  const python = planAdoption(debian(), 'python', online);
  assert.equal(python.backend, 'supervisord');
  assert.deepEqual(python.operations, adopt.operations);
  assert.equal(python.configFile, adopt.configFile);
});

test('under --root nothing is stopped or reloaded: only the links go', () => {
  const plan = planAdoption(debian(), 'adopt', offline);
  assert.deepEqual(plan.stoppedPids, []);
  assert.ok(plan.operations.every((op) => op.kind === 'unlink'));
  assert.equal(plan.operations.length, 3);
});

test('a supervisord started by hand is stopped by signal and started again on undo with its own argv, without -n', () => {
  const plan = planAdoption(debian({ services: [] }), 'adopt', online);
  assert.deepEqual(plan.operations, [
    { kind: 'exec', argv: ['kill', '-TERM', '4242'], undo: ['/usr/bin/python3', '/usr/bin/supervisord', '-c', '/etc/supervisor/supervisord.conf'], reason: 'stop the old supervisord (pid 4242, no boot service runs it)' },
  ]);
  assert.deepEqual(restartArgv(['supervisord', '--nodaemon', '-c', 'x']), ['supervisord', '-c', 'x']);
});

test('a SysV-only install is stopped through its script', () => {
  const plan = planAdoption(debian({ services: [debian().services[1]!] }), 'adopt', online);
  assert.deepEqual(plan.operations[0], { kind: 'exec', argv: ['/etc/init.d/supervisor', 'stop'], undo: ['/etc/init.d/supervisor', 'start'], reason: 'stop the old supervisor (/etc/init.d/supervisor)' });
  assert.ok(!plan.operations.some((op) => op.kind === 'exec' && op.argv.includes('daemon-reload')));
});

test('a pip install on /etc/supervisord.conf that is first in the search order is adopted there', () => {
  const plan = planAdoption(
    debian({ configFile: '/etc/supervisord.conf', firstInSearchOrder: '/etc/supervisord.conf', includePatterns: ['/etc/supervisor/conf.d/*.ini'], running: [], services: [] }),
    'adopt',
    online,
  );
  assert.equal(plan.configFile, '/etc/supervisord.conf');
  assert.deepEqual(plan.operations, []);
  assert.deepEqual(plan.extraIncludePatterns, ['/etc/supervisor/conf.d/*.ini']);
});

test('side by side never shadows the existing config and changes nothing of it', () => {
  const debianSide = planAdoption(debian(), 'side-by-side', online);
  assert.equal(debianSide.configFile, '/etc/svwiz/supervisord.conf', '/etc/supervisord.conf would come first in the search order');
  assert.deepEqual(debianSide.operations, []);
  assert.deepEqual(debianSide.extraIncludePatterns, []);
  const userMode = planAdoption(debian(), 'side-by-side', { ...online, defaultConfigFile: '/home/pi/.config/svwiz/supervisord.conf' });
  assert.equal(userMode.configFile, '/home/pi/.config/svwiz/supervisord.conf');
});

test('programs in the main config itself: adopting is refused with the way out named', () => {
  assert.throws(() => planAdoption(debian({ mainFilePrograms: ['program:legacy'] }), 'adopt', online), /supervisord\.conf defines program:legacy itself.*conf\.d\/\*\.conf.*--existing side-by-side/);
  assert.doesNotThrow(() => planAdoption(debian({ mainFilePrograms: ['program:legacy'] }), 'side-by-side', online));
});
