import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildChildEnv, daemonServerUrl } from '../../../src/daemon/child-env.js';

test('buildChildEnv layers daemon env, SUPERVISOR_*, [supervisord] environment, program environment', () => {
  const env = buildChildEnv({
    daemonEnv: { PATH: '/usr/bin', HOME: '/root', A: 'daemon' },
    processName: 'web_00',
    groupName: 'web',
    programServerUrl: 'AUTO',
    daemonServerUrl: 'unix:///tmp/s.sock',
    supervisordEnvironment: { A: 'global', B: 'global' },
    programEnvironment: { B: 'program', SUPERVISOR_ENABLED: 'overridden' },
  });
  assert.deepEqual(env, {
    PATH: '/usr/bin',
    HOME: '/root',
    A: 'global',
    B: 'program',
    SUPERVISOR_ENABLED: 'overridden',
    SUPERVISOR_SERVER_URL: 'unix:///tmp/s.sock',
    SUPERVISOR_PROCESS_NAME: 'web_00',
    SUPERVISOR_GROUP_NAME: 'web',
  });
});

test('a program serverurl wins; no server means no SUPERVISOR_SERVER_URL', () => {
  const base = { daemonEnv: {}, processName: 'x', groupName: 'x', supervisordEnvironment: null, programEnvironment: null };
  assert.equal(buildChildEnv({ ...base, programServerUrl: 'http://h:1', daemonServerUrl: 'unix:///s' }).SUPERVISOR_SERVER_URL, 'http://h:1');
  assert.equal('SUPERVISOR_SERVER_URL' in buildChildEnv({ ...base, programServerUrl: 'AUTO', daemonServerUrl: undefined }), false);
});

test('daemonServerUrl prefers the first unix server, else the first inet server with localhost for all interfaces', () => {
  const unix = [{ section: 'unix_http_server', file: '/run/a.sock', chmod: 0o700, chown: null, username: null, password: null }];
  const inet = [{ section: 'inet_http_server', port: '9001', host: '', portNumber: 9001, username: null, password: null }];
  assert.equal(daemonServerUrl(unix, inet), 'unix:///run/a.sock');
  assert.equal(daemonServerUrl([], inet), 'http://localhost:9001');
  assert.equal(daemonServerUrl([], []), undefined);
});
