import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDaemonArgs } from '../../../src/protocol/supervisord-args.js';
import { applyDaemonArgs } from '../../../src/daemon/daemon-settings.js';
import { UsageError } from '../../../src/errors.js';
import { configModel } from '../../helpers/daemon-config.js';

test('parseDaemonArgs accepts supervisord getopt forms', () => {
  const cases: [string[], Record<string, unknown>][] = [
    [['-c', 'a.conf', '-n'], { configFile: 'a.conf', nodaemon: true }],
    [['-ca.conf', '-nk'], { configFile: 'a.conf', nodaemon: true, nocleanup: true }],
    [['--configuration=a.conf', '--nodaemon'], { configFile: 'a.conf', nodaemon: true }],
    [['--config', 'a.conf'], { configFile: 'a.conf' }],
    [['-u', 'nobody', '-d', '/tmp', '-l', 'x.log', '-e', 'debug', '-j', 'p.pid', '-i', 'id', '-q', '/logs'], { user: 'nobody', directory: '/tmp', logfile: 'x.log', loglevel: 'debug', pidfile: 'p.pid', identifier: 'id', childlogdir: '/logs' }],
    [['-m', '027', '-z', '3', '-y', '1MB'], { umask: 0o27, logfileBackups: 3, logfileMaxbytes: '1MB' }],
    [['-v'], { version: true }],
    [['-h'], { help: true }],
    [['-?'], { help: true }],
    [['-n?'], { nodaemon: true, help: true }],
  ];
  for (const [argv, expected] of cases) assert.deepEqual(parseDaemonArgs(argv), expected, argv.join(' '));
});

test('parseDaemonArgs rejects unknown options and missing values with a usage error', () => {
  for (const argv of [['-x'], ['--bogus'], ['-c'], ['extra'], ['-m', '9z']]) {
    assert.throws(() => parseDaemonArgs(argv), (e: unknown) => e instanceof UsageError && e.exitCode === 2, argv.join(' '));
  }
});

test('applyDaemonArgs overrides config values and resolves paths against cwd', () => {
  const base = configModel('/cfg', []).supervisord;
  const merged = applyDaemonArgs(base, parseDaemonArgs(['-l', 'rel.log', '-e', 'warn', '-j', 'x.pid', '-y', '1KB', '-n']), '/work');
  assert.equal(merged.logfile, '/work/rel.log');
  assert.equal(merged.loglevel, 'warn');
  assert.equal(merged.pidfile, '/work/x.pid');
  assert.equal(merged.logfile_maxbytes, 1024);
  assert.equal(merged.nodaemon, true);
  assert.throws(() => applyDaemonArgs(base, { loglevel: 'loud' }, '/'), UsageError);
});

test('every spelling of -c reaches svwizd through the one parser (the web UI gets the file from the bin)', () => {
  // Formerly web/health.ts read the daemon's argv itself; the same table now asks parseDaemonArgs.
  const table: [string[], string | undefined][] = [
    [['-n', '-c', 'sv.conf'], 'sv.conf'],
    [['-csv.conf'], 'sv.conf'],
    [['--configuration', '/etc/s.conf'], '/etc/s.conf'],
    [['--configuration=/etc/s.conf'], '/etc/s.conf'],
    [['-n'], undefined],
  ];
  for (const [argv, file] of table) assert.equal(parseDaemonArgs(argv).configFile, file, argv.join(' '));
  assert.throws(() => parseDaemonArgs(['-c']), UsageError);
});
