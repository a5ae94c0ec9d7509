/** The adoption planner (#13): given what exists and the choice, the defaults and operations of `svwiz init`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeAdoption, planAdoption, restartArgv, type AdoptionContext } from '../../../src/wizard/plan-adopt.js';
import { chooseExistingConfig, readExistingSupervisor, type ExistingSupervisor } from '../../../src/wizard/existing-supervisor.js';
import type { SupervisorInventory } from '../../../src/doctor/supervisor-inventory.js';
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

test('side by side is said plainly: the old one keeps its files, the new one has its own config, socket and port', () => {
  const plan = planAdoption(debian(), 'side-by-side', online);
  const lines = describeAdoption(plan, debian(), { configFile: plan.configFile, socketFile: '/run/svwiz.sock', web: true, webPort: 9002, backend: 'svwizd' });
  assert.deepEqual(lines, [
    'Side by side: the existing supervisor keeps /etc/supervisor/supervisord.conf, its socket and supervisor.service, /etc/init.d/supervisor; nothing of it changes.',
    "svwiz's own setup: config /etc/svwiz/supervisord.conf, socket /run/svwiz.sock, web port 9002.",
    'Plain supervisorctl still talks to the old one; use svwizctl -c /etc/svwiz/supervisord.conf for the new.',
  ]);
});

const inventory = (over: Partial<SupervisorInventory>): SupervisorInventory => ({ installed: [], configs: [], bootServices: [], running: [], ...over });
const unit = debian().services[0]!;

test('which existing config init deals with: the running supervisord, else an enabled service, else the search order; never svwiz\'s own', () => {
  const running = { pid: 7, backend: 'supervisord' as const, configFile: '/srv/sv.conf', argv: [], serverUrls: [] };
  const first = { file: '/etc/supervisor/supervisord.conf', reasons: [], firstInSearchOrder: true };
  assert.equal(chooseExistingConfig(inventory({ running: [running], configs: [first], bootServices: [unit] }), new Set()), '/srv/sv.conf');
  assert.equal(chooseExistingConfig(inventory({ running: [{ ...running, backend: 'svwizd' }], configs: [first], bootServices: [{ ...unit, configFile: '/opt/x.conf' }] }), new Set()), '/opt/x.conf');
  assert.equal(chooseExistingConfig(inventory({ configs: [first], bootServices: [{ ...unit, enabled: false }] }), new Set()), '/etc/supervisor/supervisord.conf');
  assert.equal(chooseExistingConfig(inventory({ configs: [first] }), new Set(['/etc/supervisor/supervisord.conf'])), undefined);
  assert.equal(chooseExistingConfig(inventory({}), new Set()), undefined);
});

test('reading the existing setup under a root: included programs, main-file programs, the services of this config and their links', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'adopt-'));
  try {
    mkdirSync(path.join(root, 'etc/supervisor/conf.d'), { recursive: true });
    mkdirSync(path.join(root, 'etc/rc2.d'), { recursive: true });
    mkdirSync(path.join(root, 'etc/systemd/system/multi-user.target.wants'), { recursive: true });
    writeFileSync(path.join(root, 'etc/supervisor/supervisord.conf'), '[supervisord]\n[program:inline]\ncommand=/bin/true\n[include]\nfiles = conf.d/*.conf\n');
    writeFileSync(path.join(root, 'etc/supervisor/conf.d/a.conf'), '[program:a]\ncommand=/bin/true\n[group:g]\nprograms=a\n');
    writeFileSync(path.join(root, 'etc/supervisor/conf.d/skipped.ini'), '[program:skipped]\ncommand=/bin/true\n');
    symlinkSync('../init.d/supervisor', path.join(root, 'etc/rc2.d/S01supervisor'));
    symlinkSync('/lib/systemd/system/supervisor.service', path.join(root, 'etc/systemd/system/multi-user.target.wants/supervisor.service'));
    const script = { ...debian().services[1]!, configFile: undefined };
    const other = { ...unit, name: 'other', configFile: '/elsewhere.conf' };
    const found = readExistingSupervisor(
      root,
      inventory({ configs: [{ file: '/etc/supervisor/supervisord.conf', reasons: [], firstInSearchOrder: true }], bootServices: [unit, script, other] }),
      '/etc/supervisor/supervisord.conf',
    )!;
    assert.deepEqual(found.includePatterns, ['/etc/supervisor/conf.d/*.conf']);
    assert.deepEqual(found.includedPrograms, ['program:a', 'group:g']);
    assert.deepEqual(found.mainFilePrograms, ['program:inline']);
    assert.deepEqual(found.services.map((service) => [service.name, service.links]), [
      ['supervisor', ['/etc/systemd/system/multi-user.target.wants/supervisor.service']],
      ['supervisor', ['/etc/rc2.d/S01supervisor']],
    ]);
    assert.equal(readExistingSupervisor(root, inventory({}), '/etc/missing.conf'), undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
